// echo: the test backend image's program.
//
//	echo serve            HTTP on $PORT (default 8080): every request gets a JSON reply naming the
//	                      pod ($POD_NAME, hostname), the method, path and host it saw.
//	echo kube-get PATH    GET PATH from the API server through the `kubernetes` Service
//	                      ($KUBERNETES_SERVICE_HOST/PORT), as the pod's service account (its
//	                      mounted token and CA); prints the status and body, exits 1 unless 200.
//	echo get URL          plain HTTP GET, prints status and body, exits 1 unless 200.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

const saDir = "/var/run/secrets/kubernetes.io/serviceaccount"

func main() {
	mode := "serve"
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	switch mode {
	case "serve":
		serve()
	case "kube-get":
		os.Exit(kubeGet(arg(2)))
	case "get":
		os.Exit(get(http.DefaultClient, arg(2), ""))
	default:
		fmt.Fprintf(os.Stderr, "echo: unknown mode %q\n", mode)
		os.Exit(2)
	}
}

func arg(i int) string {
	if len(os.Args) <= i {
		fmt.Fprintln(os.Stderr, "echo: missing argument")
		os.Exit(2)
	}
	return os.Args[i]
}

func serve() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	host, _ := os.Hostname()
	pod := os.Getenv("POD_NAME")
	if pod == "" {
		pod = host
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{
			"pod": pod, "hostname": host, "method": r.Method, "path": r.URL.Path, "host": r.Host, "remote": r.RemoteAddr,
		})
	})
	srv := &http.Server{Addr: net.JoinHostPort("", port), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
		<-sigs
		_ = srv.Close()
	}()
	fmt.Printf("echo: %s listening on :%s\n", pod, port)
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, "echo:", err)
		os.Exit(1)
	}
}

func kubeGet(path string) int {
	token, err := os.ReadFile(saDir + "/token")
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		return 1
	}
	ca, err := os.ReadFile(saDir + "/ca.crt")
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		return 1
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca) {
		fmt.Fprintln(os.Stderr, "echo: no certificate in ca.crt")
		return 1
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	url := "https://" + net.JoinHostPort(os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")) + path
	return get(client, url, string(token))
}

func get(client *http.Client, url, token string) int {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		return 1
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		return 1
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	fmt.Printf("%s %d\n%s\n", url, res.StatusCode, body)
	if res.StatusCode != 200 {
		return 1
	}
	return 0
}
