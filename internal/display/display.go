package display

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// ImportPath is the path cells import the display functions from.
const ImportPath = "gocell/display"

// Kind says what a Message does.
type Kind string

const (
	KindShow   Kind = "display" // show new output
	KindUpdate Kind = "update"  // replace the output shown earlier under the same ID
	KindClear  Kind = "clear"   // clear the cell's output
)

// A Message is one rich output request from a cell.
type Message struct {
	Kind     Kind                       `json:"kind"`
	Data     map[string]json.RawMessage `json:"data,omitempty"`
	Metadata map[string]json.RawMessage `json:"metadata,omitempty"`
	ID       string                     `json:"id,omitempty"`
	Wait     bool                       `json:"wait,omitempty"`
}

// A Display turns cells' display calls into Messages for its publish function.
type Display struct {
	publish func(Message)
}

// New returns a Display that hands every Message to publish.
func New(publish func(Message)) *Display { return &Display{publish: publish} }

func (d *Display) show(id string, kind Kind, mime string, value any) error {
	raw, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("display %s: %w", mime, err)
	}
	data := map[string]json.RawMessage{mime: raw}
	if mime != "text/plain" {
		plain, _ := json.Marshal("<" + mime + ">")
		data["text/plain"] = plain
	}
	d.publish(Message{Kind: kind, Data: data, ID: id})
	return nil
}

// HTML shows an HTML fragment.
func (d *Display) HTML(html string) { d.show("", KindShow, "text/html", html) }

// Markdown shows Markdown text.
func (d *Display) Markdown(md string) { d.show("", KindShow, "text/markdown", md) }

// SVG shows an SVG image.
func (d *Display) SVG(svg string) { d.show("", KindShow, "image/svg+xml", svg) }

// PNG shows a PNG image.
func (d *Display) PNG(png []byte) {
	d.show("", KindShow, "image/png", base64.StdEncoding.EncodeToString(png))
}

// JPEG shows a JPEG image.
func (d *Display) JPEG(jpeg []byte) {
	d.show("", KindShow, "image/jpeg", base64.StdEncoding.EncodeToString(jpeg))
}

// Text shows plain text.
func (d *Display) Text(text string) { d.show("", KindShow, "text/plain", text) }

// JSON shows v as a JSON document.
func (d *Display) JSON(v any) error { return d.show("", KindShow, "application/json", v) }

// Show shows content of the given MIME type under id, so that Update can replace it.
func (d *Display) Show(id, mime, content string) { d.show(id, KindShow, mime, content) }

// Update replaces the output shown under id.
func (d *Display) Update(id, mime, content string) { d.show(id, KindUpdate, mime, content) }

// ClearOutput clears the cell's output.
func (d *Display) ClearOutput() { d.publish(Message{Kind: KindClear}) }

// Symbols returns the functions of package "gocell/display" bound to d, by name.
func (d *Display) Symbols() map[string]any {
	return map[string]any{
		"HTML":        d.HTML,
		"Markdown":    d.Markdown,
		"SVG":         d.SVG,
		"PNG":         d.PNG,
		"JPEG":        d.JPEG,
		"Text":        d.Text,
		"JSON":        d.JSON,
		"Show":        d.Show,
		"Update":      d.Update,
		"ClearOutput": d.ClearOutput,
	}
}
