// Types of `identity-hmac/express` (hand-written: the middleware is
// JavaScript over the package's own identifyScript).
import type { IdentifyScriptOptions, PageValues, SecretInput, User, Widget } from './index.js'

/** The parts of Express's request and response the middleware uses (no dependency on @types/express). */
type Request = unknown
interface Response {
  locals: Record<string, unknown>
}
type Next = (error?: unknown) => void

export interface IdentityHmacOptions<Req = Request, Res extends Response = Response> {
  widget: Widget
  /** The vendor secret, or a function of the request (one secret per tenant). */
  secret?: SecretInput | ((req: Req, res: Res) => SecretInput)
  /** Instead of `secret`: the secrets newest first; the first signs. */
  secrets?: ReadonlyArray<SecretInput>
  /** The logged-in user, or `null`/`undefined` (the value is then `''`). */
  user: (req: Req, res: Res) => User | null | undefined
  page?: PageValues | ((req: Req, res: Res) => PageValues | null | undefined)
  /** The CSP nonce: the value is then the whole `<script nonce="…">` element. */
  nonce?: string | ((req: Req, res: Res) => string | null | undefined)
  secretEncoding?: IdentifyScriptOptions['secretEncoding']
  expiresIn?: number | null
  keyId?: string | null
  /** The `res.locals` name, default `'identityHmac'`. */
  local?: string
}

/** A middleware that sets `res.locals.identityHmac` (or `local`) to the identify script of the request's user. */
export declare function identityHmac<Req = Request, Res extends Response = Response>(
  options: IdentityHmacOptions<Req, Res>,
): (req: Req, res: Res, next: Next) => void
