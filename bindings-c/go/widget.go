package identityhmac

/*
#include <identity_hmac.h>
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unsafe"
)

// Widget is a chat widget preset of the core's table: which value is signed,
// with which secret encoding, into which field of which identify call. The
// constants are the C library's enum values; String gives the core's name.
type Widget int

// The presets, in the core's order (Widgets returns them).
const (
	// Chatwoot: the identifier, text secret (inbox HMAC token), identifier_hash.
	Chatwoot Widget = C.IDENTITY_HMAC_WIDGET_CHATWOOT
	// Pylon: the email, hex secret (identity secret), email_hash.
	Pylon Widget = C.IDENTITY_HMAC_WIDGET_PYLON
	// Intercom (legacy identity verification): user_id, else the email; user_hash.
	Intercom Widget = C.IDENTITY_HMAC_WIDGET_INTERCOM
	// HelpScout (Beacon secure mode): the email, signature.
	HelpScout Widget = C.IDENTITY_HMAC_WIDGET_HELPSCOUT
	// Front (Front Chat): the email, userHash.
	Front Widget = C.IDENTITY_HMAC_WIDGET_FRONT
	// Plain: the email, customerDetails.emailHash.
	Plain Widget = C.IDENTITY_HMAC_WIDGET_PLAIN
	// Chatbase: the user id, user_hash.
	Chatbase Widget = C.IDENTITY_HMAC_WIDGET_CHATBASE
	// Gleap: the user id, the third argument of Gleap.identify.
	Gleap Widget = C.IDENTITY_HMAC_WIDGET_GLEAP
	// IntercomJWT (Intercom Messenger security): an HS256 JWT in intercom_user_jwt.
	IntercomJWT Widget = C.IDENTITY_HMAC_WIDGET_INTERCOM_JWT
	// Zendesk (messaging): an HS256 JWT with the key id as kid, for loginUser.
	Zendesk Widget = C.IDENTITY_HMAC_WIDGET_ZENDESK
)

// Widgets returns every preset the linked library knows, in the core's order.
func Widgets() []Widget {
	count := int(C.identity_hmac_widget_count())
	widgets := make([]Widget, count)
	for i := range widgets {
		widgets[i] = Widget(i)
	}
	return widgets
}

// String returns the core's name of the preset: "chatwoot", "pylon",
// "intercom", "helpscout", "front", "plain", "chatbase", "gleap",
// "intercom-jwt" or "zendesk" (Widget(n) for a value the library does not know).
func (w Widget) String() string {
	if name := C.identity_hmac_widget_name(C.int(w)); name != nil {
		return C.GoString(name)
	}
	return fmt.Sprintf("Widget(%d)", int(w))
}

// ParseWidget reads a preset name, exactly as String writes it. Any other
// name is an *Error matching ErrUnknownWidget (its message does not repeat
// the name: it may be a secret pasted in the wrong place).
func ParseWidget(name string) (Widget, error) {
	var widget C.int
	if status := C.identity_hmac_widget_from_name(bytesOf(name), C.size_t(len(name)), &widget); status != C.IDENTITY_HMAC_OK {
		return 0, newError(status)
	}
	return Widget(widget), nil
}

// MarshalText writes the preset's name (for encoding/json, flags, configs).
func (w Widget) MarshalText() ([]byte, error) {
	if C.identity_hmac_widget_name(C.int(w)) == nil {
		return nil, newError(C.IDENTITY_HMAC_UNKNOWN_WIDGET)
	}
	return []byte(w.String()), nil
}

// UnmarshalText reads a preset's name, as ParseWidget does.
func (w *Widget) UnmarshalText(text []byte) error {
	widget, err := ParseWidget(string(text))
	if err != nil {
		return err
	}
	*w = widget
	return nil
}

// Identifier is your id of a user: Chatwoot's identifier, Intercom's and
// Chatbase's user_id, Gleap's userId. It is signed as its bytes. An integer
// id is its decimal digits (IntIdentifier), which is what the core signs and
// renders for an integer, as Chatwoot's server (.to_s) and Gleap (String(id))
// do; "" means no identifier.
type Identifier string

// IntIdentifier is the identifier of an integer id: its decimal digits.
func IntIdentifier(id int64) Identifier { return Identifier(strconv.FormatInt(id, 10)) }

// UintIdentifier is the identifier of an unsigned integer id: its decimal digits.
func UintIdentifier(id uint64) Identifier { return Identifier(strconv.FormatUint(id, 10)) }

// User is the logged-in user, as the identify calls take them. A preset uses
// the fields its call takes and ignores the others (Pylon has no identifier).
// An empty string is a field not given; values are used byte for byte (no
// trimming, no lowercasing).
type User struct {
	Identifier  Identifier
	Email       string
	Name        string // Plain's fullName
	AvatarURL   string // Chatwoot, Pylon, Plain's chatAvatarUrl
	PhoneNumber string // Chatwoot
}

// fields lists the user's non-empty fields under the core's names (User::FIELDS).
func (u *User) fields() [][2]string {
	all := [...][2]string{
		{"identifier", string(u.Identifier)},
		{"email", u.Email},
		{"name", u.Name},
		{"avatar_url", u.AvatarURL},
		{"phone_number", u.PhoneNumber},
	}
	out := make([][2]string, 0, len(all))
	for _, field := range all {
		if field[1] != "" {
			out = append(out, field)
		}
	}
	return out
}

// Field is one field of an identify call, named as the vendor's call names it.
type Field struct {
	Name  string
	Value string
}

// Identity is what a widget's identify call needs, the hash (or a token
// preset's token) included: the fields in the order the call lists them.
type Identity struct {
	widget Widget
	fields []Field
	json   string
}

// Widget is the preset the identity was made for.
func (id *Identity) Widget() Widget { return id.widget }

// Fields returns the fields in the call's order (identifier, user_id,
// userId, email, fullName, ..., and the hash field); absent optional fields
// are left out. The slice is a copy.
func (id *Identity) Fields() []Field { return append([]Field(nil), id.fields...) }

// Get returns the value of the field named name, and whether it is there.
func (id *Identity) Get(name string) (string, bool) {
	for _, field := range id.fields {
		if field.Name == name {
			return field.Value, true
		}
	}
	return "", false
}

// MarshalJSON writes the fields as one JSON object, in the call's order
// (the core's text).
func (id *Identity) MarshalJSON() ([]byte, error) { return []byte(id.json), nil }

// An IdentifyOption changes how Identify and IdentifyScript sign and render.
type IdentifyOption func(*identifyConfig)

type identifyConfig struct {
	encoding SecretEncoding
	token    TokenOptions
	page     map[string]string
	nonce    *string
}

// WithSecretEncoding decodes the secret by enc instead of the preset's own
// encoding (text for all but Pylon, which is hex).
func WithSecretEncoding(enc SecretEncoding) IdentifyOption {
	return func(c *identifyConfig) { c.encoding = enc }
}

// WithExpiresIn gives a token preset's token an exp this long after its iat
// (whole seconds). Hash presets ignore it.
func WithExpiresIn(d time.Duration) IdentifyOption {
	return func(c *identifyConfig) { c.token.ExpiresIn = d }
}

// WithKeyID writes the key id into a token preset's header as kid (Zendesk
// requires one). Hash presets ignore it.
func WithKeyID(keyID string) IdentifyOption {
	return func(c *identifyConfig) { c.token.KeyID = keyID }
}

// WithNow signs a token preset's token as of now instead of the system clock
// (for tests and reproducible output). Hash presets ignore it.
func WithNow(now time.Time) IdentifyOption {
	return func(c *identifyConfig) { c.token.Now = now }
}

// WithPage gives IdentifyScript the values the page's call needs and the core
// cannot know: app_id (Pylon, Intercom), chatId (Front), appId (Plain).
// Identify ignores it.
func WithPage(values map[string]string) IdentifyOption {
	return func(c *identifyConfig) { c.page = values }
}

// WithNonce makes IdentifyScript return the whole <script nonce="...">
// element, for a Content-Security-Policy script-src 'nonce-...'. The nonce
// must be base64 (ErrInvalidNonce). Identify ignores it.
func WithNonce(nonce string) IdentifyOption {
	return func(c *identifyConfig) { c.nonce = &nonce }
}

func newIdentifyConfig(opts []IdentifyOption) *identifyConfig {
	c := &identifyConfig{encoding: C.IDENTITY_HMAC_SECRET_PRESET}
	for _, opt := range opts {
		if opt != nil {
			opt(c)
		}
	}
	return c
}

// Identify returns the fields widget's identify call needs for user, the
// hash (or token) included, signed under secret (decoded by the preset's
// encoding unless WithSecretEncoding says otherwise).
//
// Errors are *Error values: ErrMissingField (Field names what is missing,
// such as "email" for a Pylon user without one, or "key_id" for Zendesk
// without WithKeyID), ErrEmptySecret, ErrInvalidHexSecret, ErrUnknownWidget,
// ErrUnknownSecretEncoding, ErrInvalidClaims (a token preset's claims). They
// never contain the secret.
func Identify(widget Widget, secret string, user User, opts ...IdentifyOption) (*Identity, error) {
	c := newIdentifyConfig(opts)
	var pinner runtime.Pinner
	defer pinner.Unpin()
	userFields := cFields(&pinner, user.fields())
	options, err := c.token.cOptions(&pinner)
	if err != nil {
		return nil, err
	}
	text, err := callOut(256, func(out *C.char, capacity C.size_t, outLen *C.size_t, detail *C.identity_hmac_error_detail) C.enum_identity_hmac_status {
		return C.identity_hmac_identify(C.int(widget), bytesOf(secret), C.size_t(len(secret)), C.int(c.encoding),
			fieldsPtr(userFields), C.size_t(len(userFields)), options, out, capacity, outLen, detail)
	})
	if err != nil {
		return nil, err
	}
	fields, err := parseFields(text)
	if err != nil {
		return nil, err
	}
	return &Identity{widget: widget, fields: fields, json: text}, nil
}

// IdentifyScript renders widget's identify call for user as JavaScript
// source, to go inside a <script> element, or with WithNonce the whole
// <script nonce="..."> element. Every value is JSON-encoded with <, >, &, ',
// U+2028 and U+2029 escaped as \uXXXX, so a user named
// "</script><script>..." stays inert. The same input gives the same bytes.
//
// Errors: those of Identify, then ErrUnknownField (a page value the call does
// not take), ErrMissingField (a page value it needs, such as Pylon's app_id)
// and ErrInvalidNonce.
func IdentifyScript(widget Widget, secret string, user User, opts ...IdentifyOption) (string, error) {
	c := newIdentifyConfig(opts)
	var pinner runtime.Pinner
	defer pinner.Unpin()
	userFields := cFields(&pinner, user.fields())
	page := make([][2]string, 0, len(c.page))
	for name, value := range c.page {
		page = append(page, [2]string{name, value})
	}
	pageFields := cFields(&pinner, page)
	options, err := c.token.cOptions(&pinner)
	if err != nil {
		return "", err
	}
	var nonce *C.uint8_t
	var nonceLen C.size_t
	if c.nonce != nil {
		nonce, nonceLen = pinnedBytes(&pinner, *c.nonce), C.size_t(len(*c.nonce))
	}
	return callOut(1024, func(out *C.char, capacity C.size_t, outLen *C.size_t, detail *C.identity_hmac_error_detail) C.enum_identity_hmac_status {
		return C.identity_hmac_identify_script(C.int(widget), bytesOf(secret), C.size_t(len(secret)), C.int(c.encoding),
			fieldsPtr(userFields), C.size_t(len(userFields)), fieldsPtr(pageFields), C.size_t(len(pageFields)),
			nonce, nonceLen, options, out, capacity, outLen, detail)
	})
}

// empty is what a pointer to zero bytes points at when NULL would mean "none".
var empty [1]byte

// pinnedBytes points C at s's bytes, pinned for the call (never NULL, even
// for "": a NULL nonce or key id means none).
func pinnedBytes(pinner *runtime.Pinner, s string) *C.uint8_t {
	if len(s) == 0 {
		return (*C.uint8_t)(unsafe.Pointer(&empty[0]))
	}
	data := unsafe.StringData(s)
	pinner.Pin(data)
	return (*C.uint8_t)(unsafe.Pointer(data))
}

// cFields builds the C array of (name, value) pairs, their bytes pinned.
func cFields(pinner *runtime.Pinner, pairs [][2]string) []C.identity_hmac_field {
	fields := make([]C.identity_hmac_field, len(pairs))
	for i, pair := range pairs {
		fields[i] = C.identity_hmac_field{
			name:      pinnedBytes(pinner, pair[0]),
			name_len:  C.size_t(len(pair[0])),
			value:     pinnedBytes(pinner, pair[1]),
			value_len: C.size_t(len(pair[1])),
		}
	}
	if len(fields) > 0 {
		pinner.Pin(&fields[0])
	}
	return fields
}

func fieldsPtr(fields []C.identity_hmac_field) *C.identity_hmac_field {
	if len(fields) == 0 {
		return nil
	}
	return &fields[0]
}

// callOut calls a C function that writes text into a caller buffer: with a
// buffer of guess bytes, then, on BUFFER_TOO_SMALL, with the size it asked for.
func callOut(guess int, call func(out *C.char, capacity C.size_t, outLen *C.size_t, detail *C.identity_hmac_error_detail) C.enum_identity_hmac_status) (string, error) {
	buf := make([]byte, guess)
	for attempt := 0; attempt < 3; attempt++ {
		var outLen C.size_t
		var detail C.identity_hmac_error_detail
		status := call((*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &outLen, &detail)
		switch status {
		case C.IDENTITY_HMAC_OK:
			return string(buf[:outLen]), nil
		case C.IDENTITY_HMAC_BUFFER_TOO_SMALL:
			buf = make([]byte, int(outLen)+1)
		default:
			return "", detailError(&detail)
		}
	}
	return "", newError(C.IDENTITY_HMAC_INTERNAL_ERROR)
}

// parseFields reads the core's identity JSON (one object of strings) in order.
func parseFields(text string) ([]Field, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, newError(C.IDENTITY_HMAC_INTERNAL_ERROR)
	}
	var fields []Field
	for dec.More() {
		name, err := dec.Token()
		if err != nil {
			return nil, newError(C.IDENTITY_HMAC_INTERNAL_ERROR)
		}
		var value string
		if err := dec.Decode(&value); err != nil {
			return nil, newError(C.IDENTITY_HMAC_INTERNAL_ERROR)
		}
		fields = append(fields, Field{Name: name.(string), Value: value})
	}
	return fields, nil
}
