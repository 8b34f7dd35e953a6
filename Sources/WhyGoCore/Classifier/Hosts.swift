/// What whygo knows about the hosts that appear in module paths and URLs.
enum Hosts {
    /// The public module proxy and checksum DB, and Go's own vanity hosts.
    static let goDefaults: Set<String> = [
        "proxy.golang.org", "sum.golang.org", "golang.org", "go.googlesource.com", "storage.googleapis.com",
        "index.golang.org", "go.dev",
    ]
    /// Public mirrors people configure in GOPROXY.
    static let publicMirrors: Set<String> = [
        "goproxy.cn", "goproxy.io", "mirrors.aliyun.com", "mirrors.tencent.com", "goproxy.baidu.com",
        "athens.azurefd.net", "gocenter.io", "proxy.golang.com.cn", "sum.golang.google.cn", "repo.huaweicloud.com",
    ]
    /// Code hosts and vanity domains whose modules are public.
    static let publicCodeHosts: Set<String> = [
        "github.com", "gitlab.com", "bitbucket.org", "golang.org", "google.golang.org", "gopkg.in", "go.uber.org",
        "k8s.io", "sigs.k8s.io", "cloud.google.com", "go.opentelemetry.io", "go.etcd.io", "honnef.co",
        "gotest.tools", "go.mongodb.org", "gorm.io", "modernc.org", "mvdan.cc", "rsc.io", "lukechampine.com",
        "gitea.com", "codeberg.org", "git.sr.ht", "go.elastic.co", "dario.cat", "filippo.io", "nhooyr.io",
        "cuelang.org", "tailscale.com", "buf.build", "connectrpc.com", "go.starlark.net", "gocloud.dev",
        "helm.sh", "oras.land", "gvisor.dev", "go.temporal.io", "go.mozilla.org", "sourcegraph.com",
        "go4.org", "inet.af", "howett.net", "go.opencensus.io", "contrib.go.opencensus.io", "cel.dev",
        "go.flipt.io", "istio.io", "knative.dev", "kubevirt.io", "storj.io", "launchpad.net",
        "gonum.org", "gioui.org", "fyne.io", "entgo.io", "golang.zx2c4.com", "software.sslmate.com",
        "go.step.sm", "github.io", "googlesource.com", "bazil.org", "zgo.at", "aead.dev",
    ]

    static func isPublicModule(_ module: String) -> Bool {
        guard let host = module.split(separator: "/").first.map({ String($0).lowercased() }) else { return false }
        if publicCodeHosts.contains(host) || goDefaults.contains(host) { return true }
        // Standard-library-like paths with no dot are not hosts at all.
        if !host.contains(".") { return false }
        return false
    }

    /// A host that looks like a company's own (git.company.tld, an IP, *.internal, *.corp, …).
    static func looksPrivate(_ host: String) -> Bool {
        let host = host.lowercased()
        if publicCodeHosts.contains(host) || goDefaults.contains(host) || publicMirrors.contains(host) { return false }
        let markers = ["corp", "internal", "intra", "company", ".local", ".lan", "private", "git.", "gitlab.", "gitea.",
                       "bitbucket.", "scm.", "code.", "dev.azure.com", "visualstudio.com", "ghe.", "github."]
        if markers.contains(where: { host.contains($0) }) { return true }
        if host.first?.isNumber == true { return true }  // an IP address
        return false
    }

    /// The public proxy or checksum DB (or Go's own hosts) rather than a configured mirror.
    static func isGoDefault(_ host: String) -> Bool { goDefaults.contains(host.lowercased()) }
}
