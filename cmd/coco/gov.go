package main

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/relay"
	"github.com/cocorelay/coco/relay/client"
	"github.com/cocorelay/coco/relay/signing"
)

func cmdGov(ctx context.Context, args []string, stdout io.Writer) error {
	verb, rest, err := subcommand("gov", args, "propose", "vote", "withdraw", "list", "show", "history", "constitution", "members", "nodes", "joins", "sign", "submit", "share")
	if err != nil {
		return err
	}
	switch verb {
	case "sign":
		return govSign(rest, stdout)
	case "share":
		return cmdGovShare(ctx, rest, stdout) // share.go
	case "list", "show", "history", "constitution", "members", "nodes", "joins":
		return govRead(ctx, verb, rest, stdout)
	}
	fs := flag.NewFlagSet("gov "+verb, flag.ContinueOnError)
	conn := addConnFlags(fs)
	as := fs.String("as", "", "sandbox member to act as (default: the first)")
	keyPath := fs.String("member-key", "", "your member private key (with --url; default: the sandbox's)")
	inFavour := fs.Bool("for", false, "vote for")
	against := fs.Bool("against", false, "vote against")
	want := map[string][]string{"propose": {"FILE"}, "vote": {"PROPOSAL"}, "withdraw": {"PROPOSAL"}, "submit": {"FILE"}}[verb]
	pos, err := parse(fs, rest, want...)
	if err != nil {
		return err
	}
	c, svc, err := govClient(conn)
	if err != nil {
		return err
	}
	defer c.Close()
	var typ, proposalID string
	var signed []byte
	if verb == "submit" {
		if signed, err = os.ReadFile(pos[0]); err != nil {
			return err
		}
		env, err := governance.Parse(signed)
		if err != nil {
			return err
		}
		typ, proposalID = env.Type, env.ProposalID
	} else {
		key, err := memberKey(conn, *as, *keyPath)
		if err != nil {
			return err
		}
		if typ, proposalID, signed, err = makeRequest(verb, pos[0], *inFavour, *against, key, svc); err != nil {
			return err
		}
	}
	w, err := c.SubmitGovernance(ctx, typ, proposalID, signed)
	if err != nil {
		return err
	}
	var p governance.Proposal
	if err := json.Unmarshal(w.Result, &p); err != nil {
		return err
	}
	printf(stdout, "committed as transaction %s: proposal %s is %s", w.TxID, p.ID, p.State)
	if p.Reason != "" {
		printf(stdout, " (%s)", p.Reason)
	}
	printf(stdout, "\n")
	return nil
}

// makeRequest signs a proposal, ballot or withdrawal.
func makeRequest(verb, arg string, inFavour, against bool, key crypto.Signer, serviceDER []byte) (typ, proposalID string, signed []byte, err error) {
	memberID, err := enclave.KeyID(key.Public())
	if err != nil {
		return "", "", nil, err
	}
	var payload []byte
	switch verb {
	case "propose":
		typ = governance.MsgProposal
		if payload, err = proposalPayload(arg); err != nil {
			return "", "", nil, err
		}
	case "vote":
		if inFavour == against {
			return "", "", nil, usagef("gov vote: give exactly one of --for and --against")
		}
		typ, proposalID = governance.MsgBallot, arg
		vote := governance.VoteFor
		if against {
			vote = governance.VoteAgainst
		}
		payload, _ = json.Marshal(map[string]string{"vote": vote})
	case "withdraw":
		typ, proposalID, payload = governance.MsgWithdrawal, arg, []byte("{}")
	}
	signed, err = governance.Sign(key, memberID, signing.ServiceID(serviceDER), typ, proposalID, time.Now(), payload)
	return typ, proposalID, signed, err
}

// proposalPayload reads a proposal file (YAML or JSON; see
// configs/proposal.example.yaml) into the JSON payload.
func proposalPayload(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Actions []struct {
			Name string `yaml:"name"`
			Args any    `yaml:"args"`
		} `yaml:"actions"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	type action struct {
		Name string `json:"name"`
		Args any    `json:"args,omitempty"`
	}
	out := struct {
		Actions []action `json:"actions"`
	}{Actions: []action{}}
	for _, a := range doc.Actions {
		out.Actions = append(out.Actions, action{Name: a.Name, Args: a.Args})
	}
	return json.Marshal(out)
}

// govSign signs a request offline: no network is used.
func govSign(args []string, stdout io.Writer) error {
	verb, rest, err := subcommand("gov sign", args, "propose", "vote", "withdraw")
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("gov sign "+verb, flag.ContinueOnError)
	keyPath := fs.String("key", "", "your member private key (PKCS#8 PEM)")
	svcPath := fs.String("service-cert", "", "the network's service certificate")
	out := fs.String("o", "", "write the signed request here")
	inFavour := fs.Bool("for", false, "vote for")
	against := fs.Bool("against", false, "vote against")
	want := map[string]string{"propose": "FILE", "vote": "PROPOSAL", "withdraw": "PROPOSAL"}[verb]
	pos, err := parse(fs, rest, want)
	if err != nil {
		return err
	}
	if *keyPath == "" || *svcPath == "" || *out == "" {
		return usagef("gov sign: --key, --service-cert and -o are required")
	}
	key, err := client.LoadKey(*keyPath)
	if err != nil {
		return err
	}
	svc, err := client.LoadCert(*svcPath)
	if err != nil {
		return err
	}
	typ, _, signed, err := makeRequest(verb, pos[0], *inFavour, *against, key, svc.Raw)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, signed, 0o644); err != nil {
		return err
	}
	env, _ := governance.Parse(signed)
	printf(stdout, "signed %s (%d bytes) to %s; valid until %s; submit with: coco gov submit %s\n", typ, len(signed), *out,
		env.CreatedAt.Add(governance.RequestWindow).UTC().Format(time.RFC3339), *out)
	if typ == governance.MsgProposal {
		printf(stdout, "its proposal id will be %s\n", governance.ProposalIDOf(env))
	}
	return nil
}

func govRead(ctx context.Context, verb string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gov "+verb, flag.ContinueOnError)
	conn := addConnFlags(fs)
	state := fs.String("state", "", "only proposals in this state (list)")
	after := fs.String("after", "", "events after this transaction id (history)")
	var want []string
	if verb == "show" {
		want = []string{"PROPOSAL"}
	}
	pos, err := parse(fs, args, want...)
	if err != nil {
		return err
	}
	c, _, err := govClient(conn)
	if err != nil {
		return err
	}
	defer c.Close()
	path := map[string]string{"list": "/v1/gov/proposals", "history": "/v1/gov/history", "constitution": "/v1/gov/constitution", "members": "/v1/gov/members",
		"nodes": "/v1/node/network", "joins": "/v1/node/joins"}[verb]
	if verb == "joins" {
		// The leader handles joins and remembers the recent attempts.
		leader, err := c.Leader(ctx)
		if err != nil {
			return fmt.Errorf("find the leader: %w", err)
		}
		c = c.WithURLs(leader)
	}
	q := url.Values{}
	switch verb {
	case "show":
		path = "/v1/gov/proposals/" + url.PathEscape(pos[0])
	case "list":
		if *state != "" {
			q.Set("state", *state)
		}
	case "history":
		if *after != "" {
			q.Set("after", *after)
		}
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var v any
	if err := c.Get(ctx, path, &v); err != nil {
		return err
	}
	return printJSON(stdout, v)
}

// govClient connects as the sandbox's member (or --url ...) and returns
// the service certificate, which governance requests are bound to.
func govClient(conn *connFlags) (*client.Client, []byte, error) {
	conn.member = true
	c, err := conn.client()
	if err != nil {
		return nil, nil, err
	}
	path := conn.serviceCert
	if conn.urls == "" {
		f, err := relay.LoadSandboxFile(conn.sandbox)
		if err != nil {
			return nil, nil, err
		}
		path = filepath.Join(conn.sandbox, f.ServiceCert)
	}
	svc, err := client.LoadCert(path)
	if err != nil {
		return nil, nil, err
	}
	return c, svc.Raw, nil
}

func memberKey(conn *connFlags, as, keyPath string) (crypto.Signer, error) {
	if keyPath != "" {
		return client.LoadKey(keyPath)
	}
	if conn.urls != "" {
		return nil, usagef("--member-key: needed with --url")
	}
	f, err := relay.LoadSandboxFile(conn.sandbox)
	if err != nil {
		return nil, err
	}
	cred := f.Member
	if as != "" {
		if cred, err = f.MemberNamed(as); err != nil {
			return nil, err
		}
	}
	return client.LoadKey(filepath.Join(conn.sandbox, cred.Key))
}
