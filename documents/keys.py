"""Signing keys: where the PKCS#12 files live, loading them, and the demo certificate authority.

Settings (environment, see docs/decisions.md): SIGNING_KEYS_DIR (default var/keys), holding
`ca.pem` (the CA whose chain validation trusts), `organisation.p12` (the commune's organisation
certificate) and `personal/<username>.p12` (one per person who signs); SIGNING_KEY_PASSPHRASE opens
the PKCS#12 files. SIGNING_CA_CERT and SIGNING_ORGANISATION_KEY override the two single paths.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings


class KeyMissing(Exception):
    """A PKCS#12 file or the CA certificate is not where the settings say."""


def keys_dir() -> Path:
    """SIGNING_KEYS_DIR: where the CA certificate and the PKCS#12 files live."""
    return Path(settings.SIGNING_KEYS_DIR)


def ca_certificate_path() -> Path:
    """The CA certificate validation trusts (PEM)."""
    return Path(getattr(settings, "SIGNING_CA_CERT", "") or keys_dir() / "ca.pem")


def organisation_key_path() -> Path:
    """The organisation's PKCS#12 file (signs every issued PDF and the audit checkpoints)."""
    return Path(getattr(settings, "SIGNING_ORGANISATION_KEY", "") or keys_dir() / "organisation.p12")


def personal_key_path(username: str) -> Path:
    """The PKCS#12 file of the person with this account name."""
    return keys_dir() / "personal" / f"{username}.p12"


def passphrase() -> bytes | None:
    """SIGNING_KEY_PASSPHRASE, which opens every PKCS#12 file (None when they are not encrypted)."""
    value = getattr(settings, "SIGNING_KEY_PASSPHRASE", "")
    return value.encode() if value else None


@dataclass(frozen=True)
class KeyPair:
    """A private key, its certificate and the chain up to (not including) the trusted CA."""

    key: object
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    pkcs12: bytes

    @property
    def common_name(self) -> str:
        names = self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return names[0].value if names else self.certificate.subject.rfc4514_string()

    @property
    def fingerprint(self) -> str:
        return self.certificate.fingerprint(hashes.SHA256()).hex()


def load(path: Path) -> KeyPair:
    """Read a PKCS#12 file; KeyMissing if it is absent or holds no key."""
    if not path.is_file():
        raise KeyMissing(str(path))
    data = path.read_bytes()
    key, certificate, chain = pkcs12.load_key_and_certificates(data, passphrase())
    if key is None or certificate is None:
        raise KeyMissing(str(path))
    return KeyPair(key=key, certificate=certificate, chain=tuple(chain or ()), pkcs12=data)


def organisation_key() -> KeyPair:
    """The organisation's key and certificate."""
    return load(organisation_key_path())


def personal_key(username: str) -> KeyPair:
    """A signer's key and certificate, by account name."""
    return load(personal_key_path(username))


def ca_certificate() -> x509.Certificate:
    """The trusted CA certificate; KeyMissing if it is absent."""
    path = ca_certificate_path()
    if not path.is_file():
        raise KeyMissing(str(path))
    return x509.load_pem_x509_certificate(path.read_bytes())


def organisation_configured() -> bool:
    """Whether the organisation's PKCS#12 file is in place."""
    return organisation_key_path().is_file()


# Demo certificate authority ---------------------------------------------------------------------------


def _name(common_name: str, organisation: str, email: str = "") -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if email:
        parts.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    return x509.Name(parts)


def _certificate(subject, issuer_name, public_key, signing_key, *, ca: bool, now, years: int):
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def write_demo_keys(
    directory: Path, organisation_name: str, people: list[tuple[str, str, str]], password: bytes | None = None
) -> list[Path]:
    """Create a demo CA, an organisation certificate and one personal certificate per (username, name, e-mail).

    EC P-256 keys: fast, and their raw signatures fit the audit checkpoint's signature column.
    Returns the files written. Demo only: real keys come from a licensed CA (docs/decisions.md).
    """
    now = datetime.datetime.now(datetime.UTC)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "personal").mkdir(exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("Vinh Danh Demo CA", "Vinh Danh (demo)")
    ca_cert = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, ca=True, now=now, years=10)
    written = [directory / "ca.pem"]
    written[0].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    encryption = (
        serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    )
    subjects = [("organisation.p12", organisation_name, "")] + [
        (f"personal/{username}.p12", full_name, email) for username, full_name, email in people
    ]
    for relative, common_name, email in subjects:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _certificate(
            _name(common_name, organisation_name, email), ca_name, key.public_key(), ca_key, ca=False, now=now, years=3
        )
        data = pkcs12.serialize_key_and_certificates(common_name.encode(), key, cert, [ca_cert], encryption)
        path = directory / relative
        path.write_bytes(data)
        path.chmod(0o600)
        written.append(path)
    return written
