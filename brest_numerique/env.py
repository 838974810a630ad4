"""Lecture des variables d'environnement : une valeur absente prend son défaut,
une valeur mal formée arrête le démarrage avec un message clair."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

VRAI = {"1", "true", "yes", "on", "oui", "vrai"}
FAUX = {"0", "false", "no", "off", "non", "faux", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in VRAI:
        return True
    if value in FAUX:
        return False
    raise ImproperlyConfigured(f"{name} doit valoir true ou false, pas « {value} ».")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} doit être un nombre entier, pas « {value} ».") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} est obligatoire en production."
        )
    return value


def env_reseaux(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """« 127.0.0.1, 10.0.0.0/8 » : des adresses ou des réseaux, séparés par des virgules."""
    try:
        return tuple(ipaddress.ip_network(item, strict=False) for item in env_list(name))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} : adresse ou réseau invalide ({exc}).") from None
