"""Routes the generated Signer.sign and Signer.signBytes through LeanSign.

uniffi's generated call path costs about 15 µs of JVM work per call (four FFI
calls, each building JNA Structures with tracked native memory); see
src/lean.rs. The generated text is pinned by Cargo.lock's uniffi-bindgen, so
every replacement must match exactly once, else the build fails loudly.
Usage: lean-sign.py <generated .kt file>
"""
import re
import sys

path = sys.argv[1]
text = open(path, encoding="utf-8").read()

start = text.index("open class Signer: Disposable, AutoCloseable, SignerInterface")
end = text.index("\nopen class ", start + 1)
signer = text[start:end]


def method(name: str, lower: str, ffi: str) -> re.Pattern:
    return re.compile(
        r"override fun `" + name + r"`\(`identifier`: (kotlin\.String|kotlin\.ByteArray)\): kotlin\.String \{\s*"
        r"return FfiConverterString\.lift\(\s*callWithHandle \{\s*uniffiRustCall\(\) \{ _status ->\s*"
        r"UniffiLib\." + re.escape(ffi) + r"\(\s*it,\s*" + re.escape(lower) + r"\(`identifier`\),_status\)\s*\}\s*\}\s*\)\s*\}"
    )


replacements = [
    (
        method("sign", "FfiConverterString.lower", "uniffi_identity_hmac_kotlin_fn_method_signer_sign"),
        "override fun `sign`(`identifier`: kotlin.String): kotlin.String {\n"
        "        return callWithBorrowedHandle { LeanSign.signHex(it, `identifier`) }\n"
        "    }",
    ),
    (
        method("signBytes", "FfiConverterByteArray.lower", "uniffi_identity_hmac_kotlin_fn_method_signer_sign_bytes"),
        "override fun `signBytes`(`identifier`: kotlin.ByteArray): kotlin.String =\n"
        "        callWithBorrowedHandle { LeanSign.signHex(it, `identifier`) }",
    ),
    (
        re.compile(r"(?m)^    /\*\*\n     \* @suppress\n     \*/\n    fun uniffiCloneHandle\(\): Long \{"),
        "    // callWithHandle without its clone_signer FFI call: the call counter alone\n"
        "    // keeps the Rust object alive until the block returns.\n"
        "    private inline fun <R> callWithBorrowedHandle(block: (handle: Long) -> R): R {\n"
        "        if (handle == 0L) {\n"
        "            throw InternalException(\"callWithBorrowedHandle() called on NoHandle object\")\n"
        "        }\n"
        "        do {\n"
        "            val c = this.callCounter.get()\n"
        "            if (c == 0L) {\n"
        "                throw IllegalStateException(\"${this.javaClass.simpleName} object has already been destroyed\")\n"
        "            }\n"
        "            if (c == Long.MAX_VALUE) {\n"
        "                throw IllegalStateException(\"${this.javaClass.simpleName} call counter would overflow\")\n"
        "            }\n"
        "        } while (!this.callCounter.compareAndSet(c, c + 1L))\n"
        "        try {\n"
        "            return block(this.handle)\n"
        "        } finally {\n"
        "            if (this.callCounter.decrementAndGet() == 0L) {\n"
        "                cleanable?.clean()\n"
        "            }\n"
        "        }\n"
        "    }\n\n"
        "    /**\n     * @suppress\n     */\n    fun uniffiCloneHandle(): Long {",
    ),
]

for pattern, replacement in replacements:
    signer, count = pattern.subn(lambda _: replacement, signer)
    if count != 1:
        sys.exit(f"lean-sign.py: expected one match of {pattern.pattern[:60]!r} in Signer, found {count}")

open(path, "w", encoding="utf-8").write(text[:start] + signer + text[end:])
