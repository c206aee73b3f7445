//go:build !unix

package ethereum

import "os/exec"

func devSysProcAttr(*exec.Cmd) {}

func devTerminate(c *exec.Cmd) { c.Process.Kill() }
