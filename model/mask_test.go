package model

import (
	"strings"
	"testing"
)

func TestMaskURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://b.s3.amazonaws.com/x/import.gz?AWSAccessKeyId=AKIAEXAMPLE&Expires=1764000000&Signature=abc%2Bdef%3D",
			"https://b.s3.amazonaws.com/x/import.gz?AWSAccessKeyId=***&Expires=1764000000&Signature=***"},
		{"https://b.s3.eu-west-1.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261124%2Fs3&X-Amz-Date=20261124T080000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Security-Token=FQoG&X-Amz-Signature=0123abcd",
			"https://b.s3.eu-west-1.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***&X-Amz-Date=20261124T080000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Security-Token=***&X-Amz-Signature=***"},
		{"http://user:hunter2@host:8080/p?q=1", "http://user:***@host:8080/p?q=1"},
		{"http://user@host/p", "http://user@host/p"},
		{"https://h/p?api_KEY=1&apikey=2&myToken=3&x=4", "https://h/p?api_KEY=***&apikey=***&myToken=***&x=4"},
		{"https://h/p?X%2DAmz%2DSignature=s", "https://h/p?X%2DAmz%2DSignature=***"},
		{"https://h/p?sig=s&sv=2020", "https://h/p?sig=***&sv=2020"},
		{"https://h/cb#access_token=abc&state=1", "https://h/cb#access_token=***&state=1"},
		{"https://h/p?next=https://i/q?token=abc&b=1", "https://h/p?next=https://i/q?token=***&b=1"},
		{"https://h/p?Signature=", "https://h/p?Signature="},
		{"https://h/plain", "https://h/plain"},
		{"https://h/p?flag&Signature=x;token=y", "https://h/p?flag&Signature=***;token=***"},
	}
	for _, tt := range tests {
		if got := MaskURL(tt.in); got != tt.want {
			t.Errorf("MaskURL(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
		if got := MaskURL(MaskURL(tt.in)); got != tt.want {
			t.Errorf("MaskURL twice (%q) = %q", tt.in, got)
		}
	}
}

func TestMaskURLs(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Get "https://h/import.gz?AWSAccessKeyId=AK&Signature=S": dial tcp: connection refused`,
			`Get "https://h/import.gz?AWSAccessKeyId=***&Signature=***": dial tcp: connection refused`},
		{"two: http://a/?token=1 and HTTPS://b/?Signature=2\nnext line",
			"two: http://a/?token=*** and HTTPS://b/?Signature=***\nnext line"},
		{"<Url>https://h/?X-Amz-Signature=abc</Url>", "<Url>https://h/?X-Amz-Signature=***</Url>"},
		{"no url here: key=value", "no url here: key=value"},
		{"https://h/x?Signature=S: the link expired (see https://h/y?token=T), or not", "https://h/x?Signature=***: the link expired (see https://h/y?token=***), or not"},
		{"ends with ://", "ends with ://"},
		{"s3://u:p@bucket/k", "s3://u:***@bucket/k"},
		{"ctl https://h/?a=1\x01&Signature=S x", "ctl https://h/?a=1\x01&Signature=*** x"},
	}
	for _, tt := range tests {
		if got := MaskURLs(tt.in); got != tt.want {
			t.Errorf("MaskURLs(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestIsSecretParam(t *testing.T) {
	for _, n := range []string{"Signature", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token", "AWSAccessKeyId", "SIGNATURE", "x%2Damz%2Dsignature", "sig", "password"} {
		if !IsSecretParam(n) {
			t.Errorf("IsSecretParam(%q) = false", n)
		}
	}
	for _, n := range []string{"Expires", "X-Amz-Date", "X-Amz-Expires", "X-Amz-Algorithm", "X-Amz-SignedHeaders", "response-content-type", "signal"} {
		if IsSecretParam(n) {
			t.Errorf("IsSecretParam(%q) = true", n)
		}
	}
}

// secretParams are names the fuzz target puts a secret under.
var secretParams = []string{"Signature", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token", "AWSAccessKeyId", "api_key", "sessionTOKEN", "x%2Damz%2Dsignature", "sig"}

// FuzzMaskURLs: masking never panics, is idempotent, and a secret put under
// a credential's name in a URL anywhere in a text is never in the result.
func FuzzMaskURLs(f *testing.F) {
	f.Add("Get \"", "h.example", "a=1", uint8(0), "S3CR3T", "\": EOF", true)
	f.Add("", "u:p@h", "", uint8(3), "abc%2B", "", false)
	f.Add("x://", "h", "next=https://i/?", uint8(5), "tok", "#", true)
	f.Fuzz(func(t *testing.T, prefix, host, other string, which uint8, secret, suffix string, quoted bool) {
		if got := MaskURLs(prefix); MaskURLs(got) != got {
			t.Fatalf("not idempotent on %q: %q then %q", prefix, got, MaskURLs(got))
		}
		secret = keepBytes(secret, func(c byte) bool { return isSchemeByte(c) || c == '%' || c == '/' || c == '_' })
		host = keepBytes(host, func(c byte) bool { return c > ' ' && !endsURL(c) && c != '/' && c != '?' && c != '#' })
		other = keepBytes(other, func(c byte) bool { return c > ' ' && !endsURL(c) && c != '#' })
		if secret == "" {
			return
		}
		sep := " "
		if quoted {
			sep = `"`
		}
		name := secretParams[int(which)%len(secretParams)]
		u := "https://" + host + "/p?" + other + "&" + name + "=" + secret + "&x=1"
		text := prefix + sep + u + sep + suffix
		// Where the secret could stand but for its own slot: the text with
		// the slot already masked. (It has no '*', so no occurrence of it
		// overlaps the mask.)
		masked := prefix + sep + "https://" + host + "/p?" + other + "&" + name + "=" + Masked + "&x=1" + sep + suffix
		got := MaskURLs(text)
		if strings.Count(got, secret) > strings.Count(masked, secret) {
			t.Fatalf("secret %q left in\n%q\nfrom\n%q", secret, got, text)
		}
		if again := MaskURLs(got); again != got {
			t.Fatalf("not idempotent: %q then %q", got, again)
		}
	})
}

func keepBytes(s string, ok func(byte) bool) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if ok(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}
