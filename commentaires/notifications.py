"""Les sortes de notifications des commentaires et de leur modération,
enregistrées par CommentairesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from brest_numerique.notifications.types import Sorte

SORTES = (
    Sorte("commentaire_confirmation", _("Confirmation de l'adresse d'un commentaire"), True),
    Sorte("commentaire_publie", _("Publication de votre commentaire"), True),
    Sorte("commentaire_rejete", _("Refus de votre commentaire"), True),
    Sorte("commentaire_reponse", _("Réponse à votre commentaire"), False),
    Sorte(
        "moderation_nouveau",
        _("Nouveau commentaire à modérer (modérateurs)"),
        False,
        "moderer_commentaires",
    ),
    Sorte(
        "moderation_masque",
        _("Commentaire masqué après signalements (modérateurs)"),
        False,
        "moderer_commentaires",
    ),
    Sorte(
        "moderation_resume",
        _("Résumé quotidien de la file de modération"),
        False,
        "moderer_commentaires",
    ),
)
