package identityhmac

import (
	"errors"
	"html/template"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// siteWidgets configures every preset from the browser fixture.
func siteWidgets(f fixture) []WidgetConfig {
	var configs []WidgetConfig
	for _, w := range goWidgets {
		config := WidgetConfig{Widget: w, Secret: f.Secrets[w.String()], Page: f.Page[w.String()]}
		if kid, ok := f.KeyIDs[w.String()]; ok {
			config.Options = []IdentifyOption{WithKeyID(kid)}
		}
		configs = append(configs, config)
	}
	return configs
}

const testPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>{{.User.Name}}</title>
<script{{if .Nonce}} nonce="{{.Nonce}}"{{end}} src="{{.Stub}}"></script>
</head><body><p>Hello {{.User.Name}}</p>
{{if and .Nonce (not .Blocked)}}{{identifyTag .Widget .User .Nonce}}{{else}}<script>{{identifyScript .Widget .User}}</script>{{end}}
</body></html>
`

type pageData struct {
	Widget  any
	User    any
	Nonce   string
	Stub    string
	Blocked bool // the negative control: the CSP, and the script without its nonce
}

func TestTemplateFuncsRenderSafely(t *testing.T) {
	f := loadFixture(t)
	tmpl := template.Must(template.New("page").Funcs(TemplateFuncs(siteWidgets(f)...)).Parse(testPage))
	user := f.user()
	var out strings.Builder
	if err := tmpl.Execute(&out, pageData{Widget: "chatwoot", User: user, Stub: "/identity-hmac-stubs/chatwoot.js"}); err != nil {
		t.Fatal(err)
	}
	script, err := IdentifyScript(Chatwoot, f.Secrets["chatwoot"], user)
	if err != nil {
		t.Fatal(err)
	}
	// html/template puts the core's script in as it is (template.JS), and
	// escapes the name where it is HTML text.
	if !strings.Contains(out.String(), "<script>"+script+"</script>") {
		t.Errorf("the script is not in the page as the core rendered it:\n%s", out.String())
	}
	if strings.Count(out.String(), "</script>") != 2 || strings.Contains(out.String(), "window.pwned=1</script>") {
		t.Errorf("the hostile name closes a script:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "<p>Hello &lt;/script&gt;") {
		t.Errorf("the name as HTML text is not escaped:\n%s", out.String())
	}

	out.Reset()
	if err := tmpl.Execute(&out, pageData{Widget: Pylon, User: &user, Nonce: f.Nonce, Stub: "/identity-hmac-stubs/pylon.js"}); err != nil {
		t.Fatal(err)
	}
	tag, err := IdentifyScript(Pylon, f.Secrets["pylon"], user, WithPage(f.Page["pylon"]), WithNonce(f.Nonce))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), tag) || !strings.HasPrefix(tag, `<script nonce="`+f.Nonce+`">`) {
		t.Errorf("the nonce tag is not in the page:\n%s", out.String())
	}

	failures := []struct {
		name string
		data pageData
		want error
	}{
		{"unknown widget name", pageData{Widget: "drift", User: user}, ErrUnknownWidget},
		{"missing email", pageData{Widget: "pylon", User: User{Name: "x"}}, ErrMissingField},
		{"bad nonce", pageData{Widget: "pylon", User: user, Nonce: "not a nonce"}, ErrInvalidNonce},
		{"user of another type", pageData{Widget: "pylon", User: map[string]string{"email": "a@b"}}, nil},
		{"widget of another type", pageData{Widget: 3, User: user}, nil},
	}
	for _, c := range failures {
		out.Reset()
		err := tmpl.Execute(&out, c.data)
		if err == nil || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
			continue
		}
		// (The fixture's secrets share 8-byte runs such as "intercom" with
		// the messages: the whole secret is checked.)
		for _, secret := range f.Secrets {
			assertNoSecret(t, c.name, err, secret)
		}
		if strings.Contains(out.String(), "email_hash") {
			t.Errorf("%s: a partial call was written", c.name)
		}
	}
	only := template.Must(template.New("page").Funcs(TemplateFuncs(WidgetConfig{Widget: Chatwoot, Secret: "x-secret-value"})).Parse(testPage))
	if err := only.Execute(&out, pageData{Widget: "front", User: user}); err == nil || !strings.Contains(err.Error(), "no config for the front widget") {
		t.Errorf("a widget without config: %v", err)
	}
}

// stubPath is the vendor stub a preset's page loads (Intercom's for intercom-jwt).
func stubPath(w Widget) string {
	if w == IntercomJWT {
		return "/identity-hmac-stubs/intercom.js"
	}
	return "/identity-hmac-stubs/" + w.String() + ".js"
}

// The html/template helper in headless Chromium: a net/http server on the
// loopback renders a page per preset with TemplateFuncs, and one with the CSP
// nonce per preset (served with Content-Security-Policy: script-src
// 'nonce-...'); browser-tests/browser_check.py checks each recorded identify
// call. It runs when IDENTITY_HMAC_GO_BROWSER_TEST=1 (bindings-c/test.sh sets
// it), and then fails, never skips, when it cannot run.
func TestBrowserHTMLTemplate(t *testing.T) {
	switch os.Getenv("IDENTITY_HMAC_GO_BROWSER_TEST") {
	case "":
		t.Skip("the browser check runs with IDENTITY_HMAC_GO_BROWSER_TEST=1 (bindings-c/test.sh)")
	case "1":
	default:
		t.Fatalf("IDENTITY_HMAC_GO_BROWSER_TEST=%q: expected 1 or unset", os.Getenv("IDENTITY_HMAC_GO_BROWSER_TEST"))
	}
	f := loadFixture(t)
	tmpl := template.Must(template.New("page").Funcs(TemplateFuncs(siteWidgets(f)...)).Parse(testPage))
	user := f.user()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{preset}/{kind}", func(w http.ResponseWriter, r *http.Request) {
		widget, err := ParseWidget(r.PathValue("preset"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		data := pageData{Widget: widget, User: user, Stub: stubPath(widget)}
		switch r.PathValue("kind") {
		case "plain":
		case "nonce", "blocked":
			data.Nonce, data.Blocked = f.Nonce, r.PathValue("kind") == "blocked"
			w.Header().Set("Content-Security-Policy", "script-src 'nonce-"+f.Nonce+"'")
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := tmpl.Execute(w, data); err != nil {
			t.Errorf("%s: %v", r.URL.Path, err)
		}
	})
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go server.Serve(listener)
	defer server.Close()

	base := "http://" + listener.Addr().String()
	args := []string{filepath.Join("..", "..", "browser-tests", "browser_check.py"), "--label", "go-html-template"}
	for _, kind := range []string{"plain", "nonce"} {
		for _, w := range goWidgets {
			args = append(args, w.String()+"="+base+"/"+w.String()+"/"+kind)
		}
	}
	cmd := exec.Command("python3", args...)
	cmd.Env = append(os.Environ(), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1")
	output, err := cmd.CombinedOutput()
	t.Logf("browser_check.py:\n%s", output)
	if err != nil {
		t.Fatalf("browser_check.py: %v", err)
	}
	passed := 0
	for _, line := range strings.Split(string(output), "\n") {
		if strings.HasPrefix(line, "ok   go-html-template ") {
			passed++
		}
	}
	if passed != 2*len(goWidgets) {
		t.Fatalf("%d pages passed, want %d", passed, 2*len(goWidgets))
	}

	// The negative control: under the same CSP, the script without the
	// nonce does not run, so the check must fail (exit status 1).
	cmd = exec.Command("python3", args[0], "--label", "go-html-template-negative-control", "chatwoot="+base+"/chatwoot/blocked")
	cmd.Env = append(os.Environ(), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1")
	output, err = cmd.CombinedOutput()
	t.Logf("browser_check.py (negative control):\n%s", output)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(output), "FAIL go-html-template-negative-control chatwoot") {
		t.Fatalf("the page whose script lacks the nonce passed the check or the check did not run: %v", err)
	}
}
