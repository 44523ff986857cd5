# A slow HTTP/1.1 download, for drain tests: a small receive buffer (so the server's socket cannot take
# the whole answer at once) and a read rate cap. Node cannot set SO_RCVBUF; Python's socket module can.
# Usage: slow-download.py PORT PATH BYTES_PER_SECOND; prints one JSON line: status, length, received, sha256.
import hashlib, json, socket, sys, time

port, path, rate = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
s.connect(('127.0.0.1', port))
s.sendall(f'GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: keep-alive\r\n\r\n'.encode())
head = None
parts = []
received = 0
buffered = b''
started = time.time()
while True:
    try:
        chunk = s.recv(4096)
    except ConnectionResetError:
        break
    if not chunk:
        break
    if head is None:
        buffered += chunk
        if b'\r\n\r\n' not in buffered:
            continue
        head, _, rest = buffered.partition(b'\r\n\r\n')
        print(json.dumps({'first_byte': True}), flush=True)
        chunk = rest
    parts.append(chunk)
    received += len(chunk)
    lines = head.split(b'\r\n')
    length = next((int(l.split(b':')[1]) for l in lines[1:] if l.lower().startswith(b'content-length:')), None)
    if length is not None and received >= length:
        break
    # sleep so that the average stays at `rate` bytes per second
    ahead = received / rate - (time.time() - started)
    if ahead > 0:
        time.sleep(ahead)
lines = (head or b'').split(b'\r\n')
status = int(lines[0].split()[1]) if lines[0].startswith(b'HTTP/') else 0
length = next((int(l.split(b':')[1]) for l in lines[1:] if l.lower().startswith(b'content-length:')), None)
body = b''.join(parts)
print(json.dumps({'status': status, 'length': length, 'received': len(body), 'sha256': hashlib.sha256(body).hexdigest(), 'seconds': round(time.time() - started, 2)}), flush=True)
