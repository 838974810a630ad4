import uuid
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from brest_numerique.notifications.models import Contenu
from brest_numerique.notifications.services import notify


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

    def confirm_email(self, request, email_address):
        super().confirm_email(request, email_address)
        # Une seule bienvenue par compte, quel que soit le nombre d'adresses vérifiées.
        notify(kind="bienvenue", to=email_address.user, key=f"bienvenue:{email_address.user_id}")
