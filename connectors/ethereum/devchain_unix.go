//go:build unix

package ethereum

import (
	"os/exec"
	"syscall"
)

// devSysProcAttr puts geth in its own process group, so that a Ctrl-C in
// the terminal reaches only its parent, which stops it after whatever
// uses the chain.
func devSysProcAttr(c *exec.Cmd) {
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	devParentDeath(c.SysProcAttr)
}

func devTerminate(c *exec.Cmd) { c.Process.Signal(syscall.SIGTERM) }
