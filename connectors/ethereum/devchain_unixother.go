//go:build unix && !linux

package ethereum

import "syscall"

func devParentDeath(*syscall.SysProcAttr) {}
