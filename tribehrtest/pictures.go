package tribehrtest

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
)

// Pictures: kudos pictures, users' avatars and company values' icons. The
// document says a kudos picture's url is relative to /attachments/view;
// avatars arrive as /users/view/{id}/picture or /attachments/view/User/avatar/{id}
// (the samples show both); since API 2.1.0 an avatar may be an absolute S3
// URL instead (WithS3Avatars). Every picture on the fake's own host needs
// the caller's credentials, as the web app's attachments do.

// demoPicture returns a 1×1 GIF, the bytes behind the seeded kudos picture
// and every avatar.
func demoPicture() []byte {
	return []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
}

// demoIcon returns a 1×1 PNG of a colour made from name, the bytes behind
// a seeded value's icon.
func demoIcon(name string) []byte {
	sum := crc32.ChecksumIEEE([]byte(name))
	img := image.NewRGBA(image.Rect(0, 0, 1, 1))
	img.Set(0, 0, color.RGBA{R: uint8(sum), G: uint8(sum >> 8), B: uint8(sum >> 16), A: 0xff})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err) // an in-memory 1×1 image always encodes
	}
	return b.Bytes()
}

// avatarFor returns the user whose avatar is served at path ("/users/view/7/picture",
// "/attachments/view/User/avatar/1"), or nil.
func (st *store) avatarFor(path string) *user {
	for _, id := range sortedIDs(st.users) {
		if u := st.users[id]; u.Avatar == path {
			return u
		}
	}
	return nil
}

// servePicture answers GET /attachments/view/{name}, and the avatar paths,
// with a kudos picture's, a value's icon's or an avatar's bytes, for an
// authenticated caller.
func (s *Server) servePicture(path string) reply {
	if u := s.st.avatarFor(path); u != nil {
		return pictureReply(demoPicture())
	}
	name, ok := strings.CutPrefix(path, "/attachments/view/")
	if !ok {
		return noBody(http.StatusNotFound)
	}
	data, ok := s.st.pictures[name]
	if !ok {
		return noBody(http.StatusNotFound)
	}
	return pictureReply(data)
}

func pictureReply(data []byte) reply {
	return reply{status: http.StatusOK, body: rawBody{contentType: http.DetectContentType(data), data: data}}
}

// isPicturePath reports whether a GET of path asks for a picture.
func isPicturePath(path string) bool {
	if strings.HasPrefix(path, "/attachments/view/") {
		return true
	}
	rest, ok := strings.CutPrefix(path, "/users/view/")
	if !ok {
		return false
	}
	id, ok := strings.CutSuffix(rest, "/picture")
	n, err := strconv.Atoi(id)
	return ok && err == nil && n > 0
}

// s3 is the stand-in for the S3 bucket of WithS3Avatars: another host
// (another loopback port, the same certificate) serving every user's
// avatar at a presigned URL. Like S3 with a presigned URL, it refuses a
// request that also carries an Authorization header (400
// InvalidArgument), one without the signature (403 AccessDenied) and an
// unknown key (404 NoSuchKey), with S3's XML error bodies.
type s3 struct {
	ts *httptest.Server
}

// avatarURL returns where u's avatar is served: its path on the fake, or
// with WithS3Avatars its presigned URL on the S3 stand-in.
func (st *store) avatarURL(u *user) string {
	if st.s3URL == "" {
		return u.Avatar
	}
	return fmt.Sprintf("%s/tribehr-avatars/users/%d.gif?X-Amz-Expires=3600&X-Amz-Signature=%s", st.s3URL, u.ID, s3Signature(u.ID))
}

func s3Signature(id int) string {
	return fmt.Sprintf("%08x", crc32.ChecksumIEEE([]byte("avatar-"+strconv.Itoa(id))))
}

func (s *Server) serveS3(w http.ResponseWriter, r *http.Request) {
	entry := s.log.begin(r, s.now())
	status, body := s.s3Answer(r)
	entry.Status = status
	s.log.finish(entry)
	if body != nil {
		w.Header().Set("Content-Type", http.DetectContentType(body))
		if status != http.StatusOK {
			w.Header().Set("Content-Type", "application/xml")
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(status)
	w.Write(body)
}

func (s *Server) s3Answer(r *http.Request) (int, []byte) {
	s3Error := func(status int, code, msg string) (int, []byte) {
		return status, []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<Error><Code>" + code + "</Code><Message>" + msg + "</Message></Error>")
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return s3Error(http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
	}
	sig := r.URL.Query().Get("X-Amz-Signature")
	switch {
	case r.Header.Get("Authorization") != "" && sig != "":
		return s3Error(http.StatusBadRequest, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified")
	case r.Header.Get("Authorization") != "":
		return s3Error(http.StatusBadRequest, "InvalidArgument", "Unsupported Authorization Type")
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/tribehr-avatars/users/")
	id, err := strconv.Atoi(strings.TrimSuffix(rest, ".gif"))
	s.st.mu.Lock()
	known := ok && err == nil && strings.HasSuffix(rest, ".gif") && s.st.users[id] != nil
	s.st.mu.Unlock()
	switch {
	case !known:
		return s3Error(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
	case sig != s3Signature(id):
		return s3Error(http.StatusForbidden, "AccessDenied", "Request has expired or its signature does not match.")
	}
	return http.StatusOK, demoPicture()
}
