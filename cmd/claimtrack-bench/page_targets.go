package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

const nginxConf = `worker_processes auto;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path %[1]s/tmp; proxy_temp_path %[1]s/tmp; fastcgi_temp_path %[1]s/tmp;
  uwsgi_temp_path %[1]s/tmp; scgi_temp_path %[1]s/tmp;
  sendfile on; tcp_nopush on; keepalive_requests 1000000;
  types { text/html html; }
  gzip_static on;
  gzip_vary on;
  server {
    listen %[2]s;
    root %[1]s/www;
  }
}
`

// startNginx serves page as the plain file story.html, and its gzip form
// beside it as story.html.gz for gzip_static: what a static site would do.
func startNginx(dir string, page, gz []byte) (string, func(), error) {
	for _, d := range []string{"www", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return "", nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "www", "story.html"), page, 0o644); err != nil {
		return "", nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "www", "story.html.gz"), gz, 0o644); err != nil {
		return "", nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return "", nil, err
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, nginxConf, dir, addr), 0o644); err != nil {
		return "", nil, err
	}
	bin, err := exec.LookPath("nginx")
	if err != nil {
		bin = "/usr/sbin/nginx"
	}
	cmd := exec.Command(bin, "-c", conf, "-p", dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }
	url := "http://" + addr + "/story.html"
	for range 50 {
		if resp, body, err := get(url, "Accept-Encoding", "gzip"); err == nil {
			if resp.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(body, gz) {
				stop()
				return "", nil, errors.New("nginx does not serve story.html.gz to gzip clients")
			}
			return url, stop, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	return "", nil, errors.New("nginx did not start")
}

// variant is one encoding of the page as claimtrack sent it.
type variant struct {
	header http.Header
	body   []byte
}

// startMinimal serves the page from memory with plain net/http, with the
// headers claimtrack sent (its request id replaced by a fixed one of the
// same length): the fastest this stack answers, the ceiling claimtrack's
// cache aims at.
func startMinimal(identity, gz variant) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	fixed := func(h http.Header) http.Header {
		h = h.Clone()
		h.Del("Date")
		if id := h.Get("X-Request-Id"); id != "" {
			h.Set("X-Request-Id", strings.Repeat("0", len(id)))
		}
		return h
	}
	idH, gzH := fixed(identity.header), fixed(gz.header)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, body := idH, identity.body
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h, body = gzH, gz.body
		}
		out := w.Header()
		for k, v := range h {
			out[k] = v
		}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	})}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String() + "/story", func() { _ = srv.Close() }, nil
}

// sameAnswers checks that the minimal server at url answers each encoding
// with claimtrack's body and headers: the same names and values, but for
// Date and a request id of the same length.
func sameAnswers(url string, want [2]variant) error {
	for i, enc := range encodings {
		resp, body, err := get(url, "Accept-Encoding", enc)
		if err != nil {
			return err
		}
		if !bytes.Equal(body, want[i].body) {
			return fmt.Errorf("the minimal server's %s body differs from claimtrack's", enc)
		}
		got, exp := resp.Header.Clone(), want[i].header.Clone()
		for _, h := range []http.Header{got, exp} {
			h.Del("Date")
			if id := h.Get("X-Request-Id"); id != "" {
				h.Set("X-Request-Id", strconv.Itoa(len(id)))
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(exp) {
			return fmt.Errorf("the minimal server's %s headers differ from claimtrack's:\n%v\n%v", enc, got, exp)
		}
	}
	return nil
}

// gunzip checks that a gzip body holds the identity page.
func gunzip(b []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	_, err = out.ReadFrom(r)
	return out.Bytes(), err
}
