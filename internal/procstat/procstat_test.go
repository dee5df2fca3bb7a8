package procstat

import (
	"testing"
)

func TestCPUAndPeakRSSReadThisProcess(t *testing.T) {
	c0, err := CPU()
	if err != nil {
		t.Fatal(err)
	}
	// Burn some CPU and hold some memory, so both figures must move.
	buf := make([]byte, 64<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	sum := 0
	for _, b := range buf {
		sum += int(b)
	}
	c1, err := CPU()
	if err != nil {
		t.Fatal(err)
	}
	if c1 <= c0 {
		t.Errorf("CPU went from %v to %v after real work", c0, c1)
	}
	peak, err := PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	if peak < 64<<20 {
		t.Errorf("peak RSS %d bytes while holding 64 MiB (sum %d)", peak, sum)
	}
	if err := ResetPeakRSS(); err != nil {
		t.Fatal(err)
	}
}
