import ipaddress
import uuid
from urllib.parse import urlsplit

from allauth import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from brest_numerique.limites import adresse_ip
from brest_numerique.notifications.models import Contenu
from brest_numerique.notifications.services import notify


def _adresse_du_client(request) -> str:
    """L'adresse du client (seuls les mandataires de confiance sont crus), une
    adresse IPv6 réduite à son préfixe comme le fait allauth pour ses propres
    limites : un abonné dispose d'ordinaire d'un /64 entier et ne doit pas y
    trouver autant de verrous neufs que d'adresses."""
    if request is None:  # hors requête (commande, tâche) : pas de client
        return ""
    adresse = adresse_ip(request)
    try:
        ip = ipaddress.ip_address(adresse)
    except ValueError:
        return adresse
    if isinstance(ip, ipaddress.IPv6Address):
        prefixe = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.IPv6Network(f"{ip}/{prefixe}", strict=False).network_address)
    return str(ip)


class SiteDuPortail:
    name = settings.SITE_NAME
    domain = urlsplit(settings.SITE_URL).netloc


class AdaptateurCompte(DefaultAccountAdapter):
    """Les courriels d'allauth passent par la boîte d'envoi, comme tous les autres."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        contexte = {
            "request": request,
            "email": email,
            # Hors requête (commande, tâche), le site se déduit de SITE_URL.
            "current_site": get_current_site(request) if request else SiteDuPortail(),
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            **context,
        }
        # allauth rend ses gabarits (account/email/*, en français) ; chaque appel
        # est un envoi distinct, d'où une clé d'idempotence neuve.
        message = self.render_mail(template_prefix, email, contexte)
        html = next(
            (c for c, mime in getattr(message, "alternatives", []) if mime == "text/html"), ""
        )
        notify(
            kind="compte",
            to=email,
            key=f"compte:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4()}",
            contenu=Contenu(sujet=message.subject, texte=message.body, html=html),
        )

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """La clé du verrou « 5 échecs en 5 minutes » : le couple (compte, adresse
        du client), et non le compte seul.

        Par compte seul, quiconque connaît une adresse électronique pouvait en
        bloquer la connexion à volonté. Par couple, l'attaquant ne verrouille que
        sa propre adresse ; la titulaire, depuis la sienne, se connecte. La
        limite par adresse IP (10 par minute, tous comptes confondus) demeure et
        borne toujours les essais depuis une même adresse.

        Cette unique méthode sert à compter les échecs (pre_authenticate) et à les
        effacer après une réinitialisation du mot de passe
        (_delete_login_attempts_cached_email) : les deux calculent la même clé.
        """
        cle = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{cle}:{_adresse_du_client(request)}"

    def confirm_email(self, request, email_address):
        super().confirm_email(request, email_address)
        # Une seule bienvenue par compte, quel que soit le nombre d'adresses vérifiées.
        notify(kind="bienvenue", to=email_address.user, key=f"bienvenue:{email_address.user_id}")
