package kernel

import (
	"context"

	"gocell/kernel/wire"
)

// kernelInfo answers kernel_info_request.
func (k *Kernel) kernelInfo(ctx context.Context, r *request) error {
	return k.reply(r, "kernel_info_reply", kernelInfoReply{
		Status:                "ok",
		ProtocolVersion:       wire.ProtocolVersion,
		Implementation:        "gocell",
		ImplementationVersion: k.cfg.Version,
		LanguageInfo: languageInfo{
			Name:              "go",
			Version:           k.cfg.LanguageVersion,
			Mimetype:          "text/x-go",
			FileExtension:     ".go",
			PygmentsLexer:     "go",
			CodemirrorMode:    "go",
			NbconvertExporter: "script",
		},
		Banner: k.cfg.Banner,
		HelpLinks: []helpLink{
			{Text: "Go documentation", URL: "https://go.dev/doc/"},
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
		},
	})
}
