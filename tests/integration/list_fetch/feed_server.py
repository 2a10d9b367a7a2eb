#!/usr/bin/env python3
"""feed_server.py — a threat-intelligence feed server for the list_fetch
scenario: serves the files of a directory over HTTPS (Python's http.server
and ssl), as a CERT's web server would, with the validators real servers send
(ETag from the content, Last-Modified from the file's mtime) and honours
If-None-Match / If-Modified-Since with 304. Paths under /private/ need
"Authorization: Bearer TOKEN" (401 otherwise). POST /attributes/restSearch
answers a MISP attribute search: the domain attributes of DIR/misp.json
whose type the JSON body asks for (400 for a body that is not such a query),
as a MISP instance would. Every request is logged to --log as one line:
"GET /path STATUS inm=0|1 ims=0|1 auth=0|1".

Usage: feed_server.py --address A --port P --cert C --key K --root DIR --token T --log FILE
"""
import argparse
import email.utils
import hashlib
import http.server
import json
import os
import ssl


def main():
    ap = argparse.ArgumentParser()
    for name in ("address", "cert", "key", "root", "token", "log"):
        ap.add_argument("--" + name, required=True)
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    log = open(args.log, "a", buffering=1)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def done(self, status, body=b"", headers=()):
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
            inm = int("If-None-Match" in self.headers)
            ims = int("If-Modified-Since" in self.headers)
            auth = int(self.headers.get("Authorization") == "Bearer " + args.token)
            log.write(f"{self.command} {self.path} {status} inm={inm} ims={ims} auth={auth}\n")

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path.startswith("/private/") and self.headers.get("Authorization") != "Bearer " + args.token:
                return self.done(401)
            file = os.path.join(args.root, path.lstrip("/"))
            if ".." in path or not os.path.isfile(file):
                return self.done(404)
            with open(file, "rb") as f:
                body = f.read()
            mtime = int(os.stat(file).st_mtime)
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            validators = [("ETag", etag), ("Last-Modified", email.utils.formatdate(mtime, usegmt=True))]
            if self.headers.get("If-None-Match") == etag:
                return self.done(304, headers=validators)
            ims = self.headers.get("If-Modified-Since")
            if ims and "If-None-Match" not in self.headers:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
                if mtime <= since:
                    return self.done(304, headers=validators)
            self.done(200, body, validators + [("Content-Type", "text/plain")])

        def do_POST(self):
            if self.path != "/attributes/restSearch":
                return self.done(404)
            if self.headers.get("Authorization") != args.token:  # MISP: the key alone
                return self.done(403)
            try:
                query = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                types = set(query["type"])
            except (ValueError, KeyError, TypeError):
                return self.done(400)
            with open(os.path.join(args.root, "misp.json")) as f:
                attributes = [a for a in json.load(f) if a["type"] in types]
            body = json.dumps({"response": {"Attribute": attributes}}).encode()
            self.done(200, body, [("Content-Type", "application/json")])

    server = http.server.ThreadingHTTPServer((args.address, args.port), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
