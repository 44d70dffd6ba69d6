package webhook

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// The parser and the handler against a hand-written baseline in the same
// run: what a receiver written for the documented case alone does (read
// the form, or decrypt the whole body, and check the same fields), with
// none of the SDK's searching for the ciphertext or typed errors.
// BENCHMARKS.md gives the command and the ratios.

// baselineParse reads a plain delivery with net/http's form parsing.
func baselineParse(r *http.Request) (string, int64, error) {
	if err := r.ParseForm(); err != nil {
		return "", 0, err
	}
	return baselineFields(r.Form)
}

// baselineDecrypt reads a delivery whose whole body is the ciphertext.
func baselineDecrypt(r *http.Request, key []byte) (string, int64, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, DefaultMaxBodyBytes))
	if err != nil {
		return "", 0, err
	}
	raw, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(body), " ", "+"))
	if err != nil || len(raw) == 0 || len(raw)%16 != 0 {
		return "", 0, errors.New("bad ciphertext")
	}
	block, _ := aes.NewCipher(key)
	cipher.NewCBCDecrypter(block, key).CryptBlocks(raw, raw)
	pad := int(raw[len(raw)-1])
	if pad < 1 || pad > 16 {
		return "", 0, errors.New("bad padding")
	}
	v, err := url.ParseQuery(string(raw[:len(raw)-pad]))
	if err != nil {
		return "", 0, err
	}
	return baselineFields(v)
}

func baselineFields(v url.Values) (string, int64, error) {
	hook := v.Get("hook")
	parts := strings.Split(hook, ".")
	if len(parts) != 3 || parts[0] != v.Get("object") || parts[2] != v.Get("object_id") {
		return "", 0, errors.New("bad hook")
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return "", 0, err
	}
	if _, err := strconv.ParseInt(v.Get("user_id"), 10, 64); err != nil {
		return "", 0, err
	}
	return parts[0], id, nil
}

func benchRequest(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", formType)
	return r
}

func BenchmarkParsePlain(b *testing.B) {
	b.Run("SDK", func(b *testing.B) {
		var p Parser
		b.ReportAllocs()
		for b.Loop() {
			e, err := p.Parse(benchRequest(docFields))
			if err != nil || e.ID != 25 {
				b.Fatal(err)
			}
		}
	})
	b.Run("Baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, id, err := baselineParse(benchRequest(docFields)); err != nil || id != 25 {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkParseEncrypted(b *testing.B) {
	k := mustKey(b, docKey)
	b.Run("SDK", func(b *testing.B) {
		p := Parser{Keys: []SecureKey{k}}
		b.ReportAllocs()
		for b.Loop() {
			e, err := p.Parse(benchRequest(docCiphertext))
			if err != nil || e.ID != 25 {
				b.Fatal(err)
			}
		}
	})
	b.Run("Baseline", func(b *testing.B) {
		key := []byte(docKey)
		b.ReportAllocs()
		for b.Loop() {
			if _, id, err := baselineDecrypt(benchRequest(docCiphertext), key); err != nil || id != 25 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkServeEncrypted is a whole delivery through the Handler, its
// callback queued and run on the worker pool, against a baseline handler
// that decrypts and runs the callback on a goroutine of its own.
func BenchmarkServeEncrypted(b *testing.B) {
	b.Run("SDK", func(b *testing.B) {
		h, err := NewHandler(WithSecureKey(docKey), WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))), WithQueueSize(1<<16))
		if err != nil {
			b.Fatal(err)
		}
		h.HandleFunc("User.Edit", func(context.Context, *Event) error { return nil })
		b.ReportAllocs()
		for b.Loop() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, benchRequest(docCiphertext))
			if w.Code != http.StatusAccepted {
				b.Fatal(w.Code)
			}
		}
		if err := h.Shutdown(context.Background()); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("Baseline", func(b *testing.B) {
		key := []byte(docKey)
		done := make(chan struct{}, 1<<16)
		handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, _, err := baselineDecrypt(r, key); err != nil {
				http.Error(w, "bad delivery", http.StatusBadRequest)
				return
			}
			go func() { done <- struct{}{} }()
			w.WriteHeader(http.StatusAccepted)
		})
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			w := httptest.NewRecorder()
			handler.ServeHTTP(w, benchRequest(docCiphertext))
			if w.Code != http.StatusAccepted {
				b.Fatal(w.Code)
			}
			n++
		}
		for range n {
			<-done
		}
	})
}
