package ethereum

import "syscall"

// devParentDeath makes the kernel stop geth if its parent dies without
// stopping it (killed).
func devParentDeath(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGTERM }
