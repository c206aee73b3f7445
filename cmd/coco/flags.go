package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cocorelay/coco/enclave"
)

// parse parses flags that may come before, between or after positional
// arguments, and checks the number of positionals.
func parse(fs *flag.FlagSet, args []string, positional ...string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		// A negative number is an argument (an amount, say), not a flag:
		// let the command say what is wrong with it.
		for len(args) > 0 && isNegativeNumber(args[0]) {
			pos, args = append(pos, args[0]), args[1:]
		}
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) != len(positional) {
		want := strings.Join(positional, " ")
		if want == "" {
			want = "no arguments"
		}
		return nil, usagef("%s: want %s, got %d argument(s)", fs.Name(), want, len(pos))
	}
	return pos, nil
}

func isNegativeNumber(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// subcommand splits "verb rest..." and checks the verb.
func subcommand(group string, args []string, verbs ...string) (string, []string, error) {
	if len(args) == 0 {
		return "", nil, usagef("%s: want one of %s", group, strings.Join(verbs, ", "))
	}
	for _, v := range verbs {
		if args[0] == v {
			return v, args[1:], nil
		}
	}
	return "", nil, usagef("%s: unknown command %q (want one of %s)", group, args[0], strings.Join(verbs, ", "))
}

func printf(w io.Writer, format string, args ...any) { fmt.Fprintf(w, format, args...) }

// keyFlags are the flags of the commands that seal chain keys.
type keyFlags struct {
	platform, level *string
}

func addKeyFlags(fs *flag.FlagSet) keyFlags {
	return keyFlags{
		platform: fs.String("platform", string(enclave.Virtual), "platform that seals keys: virtual (insecure) or sgx"),
		level:    fs.String("log-level", "warn", "log level: debug, info, warn, error"),
	}
}

// open opens the platform that seals the chain's keys.
func (f keyFlags) open(chain string) (enclave.Platform, error) {
	kind, err := enclave.ParseKind(*f.platform)
	if err != nil {
		return nil, usagef("--platform: %v", err)
	}
	p, err := enclave.Open(kind, enclave.Options{})
	if err != nil {
		return nil, err
	}
	if kind == enclave.Virtual {
		fmt.Fprintf(os.Stderr, "coco: platform virtual: %s keys are stored UNSEALED (development only)\n", chain)
	}
	return p, nil
}
