#!/usr/bin/env python3
"""Opens an encrypted ClickPhone personal data export (.json.enc), format in docs/EXPORT-FORMAT.md.

Usage: python3 open-export.py EXPORT.json.enc OUTPUT.json
Asks for the passphrase you received apart from the file (upper or lower case, with or without
its hyphens). Needs the "cryptography" package: pip install cryptography
"""
import getpass, hashlib, sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAX_ITERATIONS = 10_000_000  # as the Java reader: a crafted file must not keep this busy for hours


def canonical(passphrase):
    """Crockford base-32 as typed -> as the key derivation reads it: upper case, no hyphens or spaces,
    O read as 0, I and L read as 1."""
    kept = "".join(c for c in passphrase if c not in "- \t").upper()
    return kept.translate(str.maketrans("OIL", "011"))


data = open(sys.argv[1], "rb").read()
if len(data) < 58 or data[:8] != b"CPEXPORT" or data[8] != 1 or data[9] != 1:
    sys.exit("not an encrypted export of format version 1")
iterations = int.from_bytes(data[10:14], "big")
if not 1 <= iterations <= MAX_ITERATIONS:
    sys.exit("not an encrypted export of format version 1")
salt, nonce, header = data[14:30], data[30:42], data[:42]
prompt = "Passphrase: " if sys.stdin.isatty() else ""
passphrase = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
key = hashlib.pbkdf2_hmac("sha256", canonical(passphrase).encode("utf-8"), salt, iterations, 32)
try:
    document = AESGCM(key).decrypt(nonce, data[42:], header)
except Exception:
    sys.exit("the file was altered or truncated, or the passphrase is wrong")
open(sys.argv[2], "wb").write(document)
print("opened: " + sys.argv[2])
