//go:build unix

package ui

import (
	"os"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"
)

// watchSignals keeps the terminal usable whatever signal comes (Bubble Tea
// itself handles SIGINT and SIGTERM): SIGHUP and SIGQUIT end the program
// with the terminal restored (ended says which came); SIGTSTP (ctrl+z, or
// kill -TSTP) gives the terminal back before the job stops, and takes it
// again, redrawn, when it continues (fg). stop ends the watch.
//
// Bubble Tea's own suspend cannot be used once SIGTSTP is caught: it stops
// the job with SIGTSTP, which the Go runtime then ignores for good (even
// after signal.Reset). The job is stopped with SIGSTOP instead.
func watchSignals(p *tea.Program) (stop func(), ended func() os.Signal) {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGTSTP)
	done := make(chan struct{})
	got := make(chan os.Signal, 1)
	go func() {
		for {
			select {
			case <-done:
				return
			case s := <-sigs:
				if s != syscall.SIGTSTP {
					got <- s
					p.Kill() // restores the terminal; Run returns
					return
				}
				if err := p.ReleaseTerminal(); err != nil {
					continue
				}
				// Stop the job, as the shell's ctrl+z would, and take the
				// terminal again only once it is continued (fg): kill may
				// return before the stop has taken this thread, and a
				// terminal made raw then is made cooked by the shell as
				// it takes the terminal back.
				cont := make(chan os.Signal, 1)
				signal.Notify(cont, syscall.SIGCONT)
				syscall.Kill(0, syscall.SIGSTOP)
				<-cont
				signal.Stop(cont)
				p.RestoreTerminal()
				p.Send(tea.ClearScreen()) // every cell drawn again
			}
		}
	}()
	stop = func() {
		close(done)
		signal.Stop(sigs)
	}
	ended = func() os.Signal {
		select {
		case s := <-got:
			return s
		default:
			return nil
		}
	}
	return stop, ended
}

// suspend is ctrl+z: the same road as kill -TSTP, so that one watcher
// handles both.
func suspend() tea.Msg {
	syscall.Kill(syscall.Getpid(), syscall.SIGTSTP)
	return nil
}
