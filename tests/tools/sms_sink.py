#!/usr/bin/python3
"""sms_sink.py: a tiny HTTP SMS gateway on loopback for the SMS tests. Each
POST is written to DIR/NNNNNN.json as {"path","content_type","authorization",
"body"} and answered 202 {"id": N}, unless:

  --reject NUMBER   a body that holds NUMBER (raw or percent-encoded) gets
                    400 {"error":"invalid number"}
  --token TOKEN     a request without "Authorization: Bearer TOKEN" gets 401

  sms_sink.py --dir DIR --port-file FILE [--reject NUMBER]... [--token TOKEN]

It listens on 127.0.0.1 on a free port and writes the port to FILE."""
import argparse, json, os, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

A = None
COUNT = [0]


class Gateway(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        n = int(self.headers.get('Content-Length', '0'))
        body = self.rfile.read(n).decode('utf-8', 'replace')
        auth = self.headers.get('Authorization', '')
        if A.token and auth != 'Bearer ' + A.token:
            return self.reply(401, {'error': 'bad token'})
        for num in A.reject:
            if num in body or urllib.parse.quote(num, safe='') in body:
                return self.reply(400, {'error': 'invalid number'})
        COUNT[0] += 1
        name = os.path.join(A.dir, '%06d.json' % COUNT[0])
        with open(name + '.tmp', 'w') as f:
            json.dump({'path': self.path, 'content_type': self.headers.get('Content-Type'),
                       'authorization': auth, 'body': body}, f)
        os.rename(name + '.tmp', name)
        self.reply(202, {'id': COUNT[0]})


def main():
    global A
    p = argparse.ArgumentParser()
    p.add_argument('--dir', required=True)
    p.add_argument('--port-file', required=True)
    p.add_argument('--reject', action='append', default=[])
    p.add_argument('--token', default='')
    A = p.parse_args()
    os.makedirs(A.dir, exist_ok=True)
    httpd = ThreadingHTTPServer(('127.0.0.1', 0), Gateway)
    with open(A.port_file + '.tmp', 'w') as f:
        f.write('%d\n' % httpd.server_address[1])
    os.rename(A.port_file + '.tmp', A.port_file)
    httpd.serve_forever()

if __name__ == '__main__':
    main()
