package identityhmac

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// goWidgets is this package's constants, in the order of the core's Widget::ALL.
var goWidgets = []Widget{Chatwoot, Pylon, Intercom, HelpScout, Front, Plain, Chatbase, Gleap, IntercomJWT, Zendesk}

// fixture is browser-tests/fixture.json: the hostile user, a secret per preset.
type fixture struct {
	User struct {
		Identifier json.Number `json:"identifier"`
		Email      string      `json:"email"`
		Name       string      `json:"name"`
	} `json:"user"`
	Secrets map[string]string            `json:"secrets"`
	Page    map[string]map[string]string `json:"page"`
	Nonce   string                       `json:"nonce"`
	KeyIDs  map[string]string            `json:"key_ids"`
}

func loadFixture(t testing.TB) fixture {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "browser-tests", "fixture.json"))
	if err != nil {
		t.Fatalf("cannot read the browser fixture: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber() // the identifier is above 2^53: exact, as the digits
	var f fixture
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("cannot parse the browser fixture: %v", err)
	}
	return f
}

func (f fixture) user() User {
	return User{Identifier: Identifier(f.User.Identifier.String()), Email: f.User.Email, Name: f.User.Name}
}

// The constants are the C enum's values (they are defined from it); the
// library's list must be exactly these, with the core's names, which are
// also the preset names of the browser fixture (a list kept outside the core).
func TestWidgetsAreTheCoreList(t *testing.T) {
	if got := Widgets(); !reflect.DeepEqual(got, goWidgets) {
		t.Fatalf("Widgets() = %v, want the package's constants %v", got, goWidgets)
	}
	want := []string{"chatwoot", "pylon", "intercom", "helpscout", "front", "plain", "chatbase", "gleap", "intercom-jwt", "zendesk"}
	var names []string
	for i, w := range goWidgets {
		if int(w) != i {
			t.Errorf("%v = %d, want %d (Widget::ALL order)", w, int(w), i)
		}
		names = append(names, w.String())
		parsed, err := ParseWidget(w.String())
		if err != nil || parsed != w {
			t.Errorf("ParseWidget(%q) = %v, %v", w.String(), parsed, err)
		}
		text, err := w.MarshalText()
		if err != nil || string(text) != want[i] {
			t.Errorf("%d.MarshalText() = %q, %v", i, text, err)
		}
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("names %v, want %v", names, want)
	}
	var fixtureNames []string
	for name := range loadFixture(t).Secrets {
		fixtureNames = append(fixtureNames, name)
	}
	sort.Strings(fixtureNames)
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	if !reflect.DeepEqual(fixtureNames, sorted) {
		t.Errorf("the browser fixture's presets %v differ from the library's %v", fixtureNames, sorted)
	}
	for _, bad := range []string{"Chatwoot", "chatwoot ", "intercom_jwt", "", "chatwoot\x00x", "drift"} {
		_, err := ParseWidget(bad)
		assertCode(t, "ParseWidget "+bad, err, "UNKNOWN_WIDGET")
		if !errors.Is(err, ErrUnknownWidget) {
			t.Errorf("ParseWidget(%q): %v does not match ErrUnknownWidget", bad, err)
		}
	}
	if s := Widget(99).String(); s != "Widget(99)" {
		t.Errorf("Widget(99).String() = %q", s)
	}
	if _, err := Widget(-1).MarshalText(); !errors.Is(err, ErrUnknownWidget) {
		t.Errorf("Widget(-1).MarshalText(): %v", err)
	}
	var config struct{ Widget Widget }
	if err := json.Unmarshal([]byte(`{"Widget":"intercom-jwt"}`), &config); err != nil || config.Widget != IntercomJWT {
		t.Errorf("json.Unmarshal of a widget name: %v, %v", config.Widget, err)
	}
	if err := json.Unmarshal([]byte(`{"Widget":"nope"}`), &config); !errors.Is(err, ErrUnknownWidget) {
		t.Errorf("json.Unmarshal of an unknown name: %v", err)
	}
}

func hmacHex(key []byte, message string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(message))
	return hex.EncodeToString(mac.Sum(nil))
}

// hashPresets: what each hash preset signs and where the hash goes, as the
// vendors document it (test data, independent of the core's table).
var hashPresets = []struct {
	widget Widget
	signed func(User) string
	field  string
	hexKey bool
	fields []string
}{
	{Chatwoot, func(u User) string { return string(u.Identifier) }, "identifier_hash", false, []string{"identifier", "email", "name", "identifier_hash"}},
	{Pylon, func(u User) string { return u.Email }, "email_hash", true, []string{"email", "name", "email_hash"}},
	{Intercom, func(u User) string { return string(u.Identifier) }, "user_hash", false, []string{"user_id", "email", "name", "user_hash"}},
	{HelpScout, func(u User) string { return u.Email }, "signature", false, []string{"name", "email", "signature"}},
	{Front, func(u User) string { return u.Email }, "userHash", false, []string{"email", "name", "userHash"}},
	{Plain, func(u User) string { return u.Email }, "emailHash", false, []string{"email", "emailHash", "fullName"}},
	{Chatbase, func(u User) string { return string(u.Identifier) }, "user_hash", false, []string{"user_id", "user_hash", "name", "email"}},
	{Gleap, func(u User) string { return string(u.Identifier) }, "userHash", false, []string{"userId", "name", "email", "userHash"}},
}

func TestIdentifyHashesEqualCryptoHmac(t *testing.T) {
	f := loadFixture(t)
	user := f.user()
	for _, p := range hashPresets {
		secret := f.Secrets[p.widget.String()]
		key := []byte(secret)
		if p.hexKey {
			key, _ = hex.DecodeString(secret)
		}
		want := hmacHex(key, p.signed(user))
		identity, err := Identify(p.widget, secret, user)
		if err != nil {
			t.Errorf("%v: %v", p.widget, err)
			continue
		}
		if identity.Widget() != p.widget {
			t.Errorf("%v: Widget() = %v", p.widget, identity.Widget())
		}
		var names []string
		for _, field := range identity.Fields() {
			names = append(names, field.Name)
		}
		field := p.field
		if got, ok := identity.Get(field); !ok || got != want {
			t.Errorf("%v: %s = %q, want %q (crypto/hmac)", p.widget, field, got, want)
		}
		if !reflect.DeepEqual(names, p.fields) {
			t.Errorf("%v: fields %v, want %v", p.widget, names, p.fields)
		}
		if got, _ := identity.Get(names[0]); got == "" {
			t.Errorf("%v: first field %s is empty", p.widget, names[0])
		}
		// The fields as JSON, in the call's order, equal the fields.
		text, err := json.Marshal(identity)
		if err != nil || !strings.HasPrefix(string(text), `{"`+names[0]+`":`) {
			t.Errorf("%v: MarshalJSON = %s, %v", p.widget, text, err)
		}
		if _, ok := identity.Get("no-such-field"); ok {
			t.Errorf("%v: Get of an absent field is ok", p.widget)
		}
	}
}

func TestIntegerIdentifiersAreTheirDecimalDigits(t *testing.T) {
	const secret = "your_web_widget_hmac_token"
	for _, id := range []int64{0, 42, -7, 9007199254740993, -9223372036854775808} {
		identity, err := Identify(Chatwoot, secret, User{Identifier: IntIdentifier(id)})
		if err != nil {
			t.Fatal(err)
		}
		digits := string(IntIdentifier(id))
		if got, _ := identity.Get("identifier_hash"); got != hmacHex([]byte(secret), digits) {
			t.Errorf("%d: hash %s", id, got)
		}
		if got, _ := identity.Get("identifier"); got != digits {
			t.Errorf("%d: identifier %q", id, got)
		}
	}
	if got := UintIdentifier(18446744073709551615); got != "18446744073709551615" {
		t.Errorf("UintIdentifier = %q", got)
	}
}

func TestIdentifySecretEncodings(t *testing.T) {
	user := User{Email: "alice@example.com"}
	// Pylon is hex by default; WithSecretEncoding(Text) takes the bytes as they are.
	identity, err := Identify(Pylon, "not-hex-at-all", user, WithSecretEncoding(Text))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := identity.Get("email_hash"); got != hmacHex([]byte("not-hex-at-all"), user.Email) {
		t.Errorf("pylon with a text secret: %s", got)
	}
	_, err = Identify(Pylon, "not-hex-at-all", user)
	assertCode(t, "pylon non-hex", err, "INVALID_HEX_SECRET", "not-hex-at-all")
	if !errors.Is(err, ErrInvalidSecret) {
		t.Errorf("pylon non-hex: %v is not ErrInvalidSecret", err)
	}
	_, err = Identify(Chatwoot, "", User{Identifier: "1"})
	assertCode(t, "empty secret", err, "EMPTY_SECRET")
	_, err = Identify(Chatwoot, "some-secret-value", User{Identifier: "1"}, WithSecretEncoding(SecretEncoding(7)))
	assertCode(t, "unknown encoding", err, "UNKNOWN_SECRET_ENCODING", "some-secret-value")
	_, err = Identify(Widget(42), "some-secret-value", User{Identifier: "1"})
	assertCode(t, "unknown widget", err, "UNKNOWN_WIDGET", "some-secret-value")
}

func TestMissingAndUnknownFields(t *testing.T) {
	const secret = "00112233445566778899aabbccddeeff"
	cases := []struct {
		name   string
		err    func() error
		code   string
		field  string
		reason string
	}{
		{"pylon without email", func() error { _, err := Identify(Pylon, secret, User{Name: "A"}); return err }, "MISSING_FIELD", "email", "missing"},
		{"chatwoot without identifier", func() error { _, err := Identify(Chatwoot, secret, User{Email: "a@b"}); return err }, "MISSING_FIELD", "identifier", "missing"},
		{"intercom with neither", func() error { _, err := Identify(Intercom, secret, User{Name: "A"}); return err }, "MISSING_FIELD", "email", "missing"},
		{"zendesk without key id", func() error { _, err := Identify(Zendesk, secret, User{Identifier: "1"}); return err }, "MISSING_FIELD", "key_id", ""},
		{"intercom-jwt without identifier", func() error { _, err := Identify(IntercomJWT, secret, User{Email: "a@b"}); return err }, "MISSING_FIELD", "identifier", "missing"},
		{"pylon page without app_id", func() error {
			_, err := IdentifyScript(Pylon, secret, User{Email: "a@b"})
			return err
		}, "MISSING_FIELD", "app_id", "missing"},
		{"pylon page with an empty app_id", func() error {
			_, err := IdentifyScript(Pylon, secret, User{Email: "a@b"}, WithPage(map[string]string{"app_id": ""}))
			return err
		}, "MISSING_FIELD", "app_id", "empty"},
		{"front page without chatId", func() error {
			_, err := IdentifyScript(Front, secret, User{Email: "a@b"})
			return err
		}, "MISSING_FIELD", "chatId", "missing"},
		{"chatwoot page value", func() error {
			_, err := IdentifyScript(Chatwoot, secret, User{Identifier: "1"}, WithPage(map[string]string{"app_id": "x"}))
			return err
		}, "UNKNOWN_FIELD", "", ""},
	}
	for _, c := range cases {
		err := c.err()
		assertCode(t, c.name, err, c.code, secret)
		var detail *Error
		if !errors.As(err, &detail) {
			continue
		}
		if detail.Field != c.field {
			t.Errorf("%s: Field %q, want %q", c.name, detail.Field, c.field)
		}
		if c.reason != "" && detail.Reason != c.reason {
			t.Errorf("%s: Reason %q, want %q", c.name, detail.Reason, c.reason)
		}
		if c.code == "MISSING_FIELD" && !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: the message does not name %s: %v", c.name, c.field, err)
		}
		for _, other := range []error{ErrMissingField, ErrUnknownField, ErrInvalidNonce, ErrUnknownWidget} {
			if other != sentinelOf(c.code) && errors.Is(err, other) {
				t.Errorf("%s: %v also matches %v", c.name, err, other)
			}
		}
	}
}

func TestIdentifyScriptEscapesTheHostileUser(t *testing.T) {
	f := loadFixture(t)
	user := f.user()
	for _, w := range goWidgets {
		opts := []IdentifyOption{WithPage(f.Page[w.String()]), WithNow(time.Unix(1767225600, 0))}
		if kid, ok := f.KeyIDs[w.String()]; ok {
			opts = append(opts, WithKeyID(kid))
		}
		script, err := IdentifyScript(w, f.Secrets[w.String()], user, opts...)
		if err != nil {
			t.Errorf("%v: %v", w, err)
			continue
		}
		// The call's own source quotes with '; no value brings <, >, &, ', U+2028 or U+2029.
		for _, bad := range []string{"<", ">", "&", "\u2028", "\u2029", `'\u2029`, "pwned=1</"} {
			if strings.Contains(script, bad) {
				t.Errorf("%v: the script holds a raw %q: %s", w, bad, script)
			}
		}
		again, _ := IdentifyScript(w, f.Secrets[w.String()], user, opts...)
		if again != script {
			t.Errorf("%v: the script is not deterministic", w)
		}
		if w.String() != "zendesk" && w.String() != "intercom-jwt" && !strings.Contains(script, `\u003c/script\u003e\u003cscript\u003ewindow.pwned=1\u003c/script\u003e`) {
			t.Errorf("%v: the name is not in the script, escaped: %s", w, script)
		}
		if page := f.Page[w.String()]; len(page) > 0 && !strings.Contains(script, `\u003c/script\u003e\u0027\u2029"`) {
			t.Errorf("%v: the page value is not in the script, escaped: %s", w, script)
		}
		if strings.Contains(script, f.Secrets[w.String()]) {
			t.Errorf("%v: the script holds the secret", w)
		}
	}
	script, err := IdentifyScript(Chatwoot, f.Secrets["chatwoot"], user)
	if err != nil || !strings.Contains(script, "chatwoot:ready") || !strings.Contains(script, "setUser") {
		t.Errorf("chatwoot's script: %s, %v", script, err)
	}
}

func TestIdentifyScriptNonceTag(t *testing.T) {
	f := loadFixture(t)
	user := f.user()
	plain, err := IdentifyScript(Chatwoot, f.Secrets["chatwoot"], user)
	if err != nil {
		t.Fatal(err)
	}
	tag, err := IdentifyScript(Chatwoot, f.Secrets["chatwoot"], user, WithNonce(f.Nonce))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tag, `<script nonce="`+f.Nonce+`">`) || !strings.HasSuffix(strings.TrimSpace(tag), "</script>") {
		t.Errorf("the nonce tag: %s", tag)
	}
	if !strings.Contains(tag, strings.TrimSpace(plain)) {
		t.Errorf("the tag does not hold the script:\n%s\n%s", tag, plain)
	}
	if strings.Count(tag, "</script>") != 1 {
		t.Errorf("the tag closes more than one script: %s", tag)
	}
	for _, bad := range []string{"", "a b", `"><script>`, "nonce'"} {
		_, err := IdentifyScript(Chatwoot, f.Secrets["chatwoot"], user, WithNonce(bad))
		assertCode(t, "nonce "+bad, err, "INVALID_NONCE", f.Secrets["chatwoot"])
	}
}

// A script far above the first buffer's size comes back whole (the
// BUFFER_TOO_SMALL size query).
func TestLongValuesTakeTheSizeQuery(t *testing.T) {
	name := strings.Repeat("</script>é", 5000)
	script, err := IdentifyScript(HelpScout, "helpscout-secret", User{Email: "a@example.com", Name: name})
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Repeat(`\u003c/script\u003eé`, 5000); !strings.Contains(script, want) {
		t.Errorf("the long name is not whole in a script of %d bytes", len(script))
	}
	identity, err := Identify(HelpScout, "helpscout-secret", User{Email: "a@example.com", Name: name})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := identity.Get("name"); got != name {
		t.Errorf("the long name comes back with %d bytes, want %d", len(got), len(name))
	}
}

func TestTokenPresets(t *testing.T) {
	f := loadFixture(t)
	user := f.user()
	now := time.Unix(1767225600, 0)
	identity, err := Identify(IntercomJWT, f.Secrets["intercom-jwt"], user, WithNow(now), WithExpiresIn(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	fields := identity.Fields()
	if len(fields) != 1 || fields[0].Name != "intercom_user_jwt" {
		t.Fatalf("intercom-jwt fields: %v", fields)
	}
	verifier, err := NewTokenVerifier([]TokenKey{{Secret: f.Secrets["intercom-jwt"]}}, &TokenVerifierOptions{RequiredClaims: []string{"user_id"}})
	if err != nil {
		t.Fatal(err)
	}
	defer verifier.Close()
	claims, err := verifier.VerifyAt(fields[0].Value, now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"user_id": string(user.Identifier), "email": user.Email, "name": user.Name,
		"iat": json.Number("1767225600"), "exp": json.Number("1767229200")}
	if !reflect.DeepEqual(claims, want) {
		t.Errorf("intercom-jwt claims %v, want %v", claims, want)
	}

	kid := f.KeyIDs["zendesk"]
	identity, err = Identify(Zendesk, f.Secrets["zendesk"], user, WithKeyID(kid), WithNow(now))
	if err != nil {
		t.Fatal(err)
	}
	token := identity.Fields()[0].Value
	zendesk, err := NewTokenVerifier([]TokenKey{{KeyID: "older", Secret: "another-zendesk-key"}, {KeyID: kid, Secret: f.Secrets["zendesk"]}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer zendesk.Close()
	claims, err = zendesk.VerifyAt(token, now)
	if err != nil {
		t.Fatal(err)
	}
	if claims["external_id"] != string(user.Identifier) || claims["scope"] != "user" {
		t.Errorf("zendesk claims %v", claims)
	}
	header := decodeSegment(t, strings.Split(token, ".")[0])
	if string(header) != `{"alg":"HS256","kid":"`+kid+`","typ":"JWT"}` {
		t.Errorf("zendesk header %s", header)
	}
	_, err = Identify(IntercomJWT, "x-secret-value", user, WithExpiresIn(1500*time.Millisecond))
	assertCode(t, "expires in 1.5 s", err, "INVALID_ARGUMENT", "x-secret-value")
}
