#!/usr/bin/env python3
"""Opens an encrypted ClickPhone personal data export (.json.enc), format in docs/EXPORT-FORMAT.md.

Usage: python3 open-export.py EXPORT.json.enc OUTPUT.json
Asks for the passphrase you received apart from the file (type it exactly, with its hyphens).
Needs the "cryptography" package: pip install cryptography
"""
import getpass, hashlib, sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

data = open(sys.argv[1], "rb").read()
if len(data) < 58 or data[:8] != b"CPEXPORT" or data[8] != 1 or data[9] != 1:
    sys.exit("not an encrypted export of format version 1")
iterations = int.from_bytes(data[10:14], "big")
salt, nonce, header = data[14:30], data[30:42], data[:42]
prompt = "Passphrase: " if sys.stdin.isatty() else ""
passphrase = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
key = hashlib.pbkdf2_hmac("sha256", passphrase.encode("utf-8"), salt, iterations, 32)
try:
    document = AESGCM(key).decrypt(nonce, data[42:], header)
except Exception:
    sys.exit("the file was altered or truncated, or the passphrase is wrong")
open(sys.argv[2], "wb").write(document)
print("opened: " + sys.argv[2])
