package main

import (
	"errors"
	"flag"
	"strings"

	"github.com/cocorelay/coco/relay"
	"github.com/cocorelay/coco/relay/client"
)

// connFlags say which network a command calls and as whom.
type connFlags struct {
	sandbox     string
	urls        string
	serviceCert string
	key         string
	member      bool
}

func addConnFlags(fs *flag.FlagSet) *connFlags {
	c := &connFlags{}
	fs.StringVar(&c.sandbox, "sandbox", "sandbox", "sandbox directory (its sandbox.json names the nodes and credentials)")
	fs.StringVar(&c.urls, "url", "", "node API URLs, comma separated (instead of --sandbox)")
	fs.StringVar(&c.serviceCert, "service-cert", "", "the network's service certificate (with --url)")
	fs.StringVar(&c.key, "key", "", "your private key file, PKCS#8 PEM (with --url)")
	return c
}

func (c *connFlags) client() (*client.Client, error) {
	if c.urls == "" {
		f, err := relay.LoadSandboxFile(c.sandbox)
		if err != nil {
			return nil, errors.New("no network to call: start `coco sandbox` (or pass --sandbox DIR, or --url, --service-cert and --key): " + err.Error())
		}
		cred := f.User
		if c.member {
			cred = f.Member
		}
		return f.Client(c.sandbox, cred)
	}
	if c.serviceCert == "" {
		return nil, usagef("--service-cert: needed with --url")
	}
	svc, err := client.LoadCert(c.serviceCert)
	if err != nil {
		return nil, err
	}
	cfg := client.Config{URLs: strings.Split(c.urls, ","), ServiceCert: svc}
	if c.key != "" {
		if cfg.Key, err = client.LoadKey(c.key); err != nil {
			return nil, err
		}
	}
	return client.New(cfg)
}
