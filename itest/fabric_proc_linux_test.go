package itest

import "syscall"

// fabricProcAttr makes the network's processes die with the test process,
// even when it is killed (a timeout, say) before its cleanups run.
func fabricProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
