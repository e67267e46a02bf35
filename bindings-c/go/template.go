package identityhmac

import (
	"fmt"
	"html/template"
)

// WidgetConfig is one widget of a site, for TemplateFuncs: its preset, its
// secret, the page values its call needs (app_id, chatId, appId) and any
// other IdentifyOption (WithKeyID for Zendesk, WithExpiresIn, ...).
type WidgetConfig struct {
	Widget  Widget
	Secret  string
	Page    map[string]string
	Options []IdentifyOption
}

// TemplateFuncs returns functions for html/template that render a widget's
// identify call for a user, signed with the secrets given here (templates
// never see them):
//
//	<script>{{identifyScript "chatwoot" .User}}</script>
//	{{identifyTag "pylon" .User .Nonce}}
//
// identifyScript returns template.JS, for the inside of a <script> element;
// identifyTag returns template.HTML, the whole <script nonce="..."> element
// for a Content-Security-Policy script-src 'nonce-...'. The widget is a
// Widget or its name; the user is a User or *User. Both are safe to mark as
// trusted: the core JSON-encodes every value and escapes <, >, &, ', U+2028
// and U+2029, so no user value can end the script or the string it is in.
//
// A widget with no config here, or an Identify error (a missing email, say),
// stops the template's execution with that error; the error never holds a
// secret. Add the map with (*template.Template).Funcs before parsing.
func TemplateFuncs(widgets ...WidgetConfig) template.FuncMap {
	configs := make(map[Widget]WidgetConfig, len(widgets))
	for _, config := range widgets {
		configs[config.Widget] = config
	}
	render := func(widget any, user any, nonce *string) (string, error) {
		w, err := templateWidget(widget)
		if err != nil {
			return "", err
		}
		u, err := templateUser(user)
		if err != nil {
			return "", err
		}
		config, ok := configs[w]
		if !ok {
			return "", fmt.Errorf("identityhmac: TemplateFuncs has no config for the %s widget", w)
		}
		opts := append([]IdentifyOption{WithPage(config.Page)}, config.Options...)
		if nonce != nil {
			opts = append(opts, WithNonce(*nonce))
		}
		return IdentifyScript(w, config.Secret, u, opts...)
	}
	return template.FuncMap{
		"identifyScript": func(widget any, user any) (template.JS, error) {
			script, err := render(widget, user, nil)
			if err != nil {
				return "", err
			}
			// Trusted: the core has escaped every value for a <script> element.
			return template.JS(script), nil
		},
		"identifyTag": func(widget any, user any, nonce string) (template.HTML, error) {
			tag, err := render(widget, user, &nonce)
			if err != nil {
				return "", err
			}
			return template.HTML(tag), nil
		},
	}
}

func templateWidget(widget any) (Widget, error) {
	switch w := widget.(type) {
	case Widget:
		return w, nil
	case string:
		return ParseWidget(w)
	}
	return 0, fmt.Errorf("identityhmac: the widget argument is a %T, not a Widget or its name", widget)
}

func templateUser(user any) (User, error) {
	switch u := user.(type) {
	case User:
		return u, nil
	case *User:
		if u != nil {
			return *u, nil
		}
	}
	return User{}, fmt.Errorf("identityhmac: the user argument is a %T, not a User or *User", user)
}
