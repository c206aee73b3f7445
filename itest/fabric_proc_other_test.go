//go:build !linux

package itest

import "syscall"

func fabricProcAttr() *syscall.SysProcAttr { return nil }
