"""La politique de sécurité du contenu (CSP), assouplie pour l'éditeur Wagtail seul.

Les pages publiques gardent la politique stricte de settings.CONTENT_SECURITY_POLICY.
Sous /cms/ (réservé aux Webmestres connectés), l'éditeur de Wagtail a besoin de :
- script-src 'unsafe-inline' : ses widgets (choix de date, de page, d'image, date
  de mise en ligne) s'initialisent par un petit <script> en ligne, sans nonce ;
  sans lui, le sélecteur de page du champ « dispositif » ne répond plus.
- frame-ancestors 'self' pour l'aperçu : Wagtail rend la page prévisualisée par une
  requête fictive qui traverse tous les middlewares (request.is_preview, posé par
  lui seul, derrière ses droits d'édition) ; la politique stricte de la page
  publique y interdirait tout cadre, et le volet d'aperçu resterait blanc.
Rien d'autre n'est ouvert : ni style en ligne, ni origine tierce (les avatars
Gravatar sont coupés par WAGTAIL_GRAVATAR_PROVIDER_URL = None).
"""

from csp.middleware import CSPMiddleware, PolicyParts

PREFIXE_CMS = "/cms/"
AJOUTS_CMS = {"script-src": ["'unsafe-inline'"]}
CADRE_MEME_ORIGINE = {"frame-ancestors": ["'self'"]}


class CSPMiddlewareAvecCMS(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parties = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parties
        if request.path_info.startswith(PREFIXE_CMS):
            parties.update = {**AJOUTS_CMS, **(parties.update or {})}
        if getattr(request, "is_preview", False):
            parties.replace = {**CADRE_MEME_ORIGINE, **(parties.replace or {})}
        return parties
