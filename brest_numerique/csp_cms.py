"""La politique de sécurité du contenu (CSP), assouplie pour l'éditeur Wagtail seul.

Les pages publiques gardent la politique stricte de settings.CONTENT_SECURITY_POLICY.
Sous /cms/ (réservé aux Webmestres connectés), l'éditeur de Wagtail a besoin de :
- script-src 'unsafe-inline' : ses widgets (choix de date, de page, d'image, date
  de mise en ligne) s'initialisent par un petit <script> en ligne, sans nonce ;
  sans lui, le sélecteur de page du champ « dispositif » ne répond plus.
Rien d'autre n'est ouvert : ni style en ligne, ni origine tierce (les avatars
Gravatar sont coupés par WAGTAIL_GRAVATAR_PROVIDER_URL = None).
"""

from csp.middleware import CSPMiddleware, PolicyParts

PREFIXE_CMS = "/cms/"
AJOUTS_CMS = {"script-src": ["'unsafe-inline'"]}


class CSPMiddlewareAvecCMS(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parties = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(PREFIXE_CMS):
            parties.update = {**AJOUTS_CMS, **(parties.update or {})}
        return parties
