"""Ce que l'appel à projets dit de la suppression d'un compte
(brest_numerique/comptes/suppression.py), enregistré par ProjetsConfig.ready()."""

from django.utils.translation import gettext as _

from projets.models.structures import Structure


def structures_avec_dossier(user) -> str:
    """Un membre d'une structure qui a un dossier ne part pas seul : le dossier, ses
    échanges et ses pièces ont besoin d'un interlocuteur, et la suppression en
    cascade de son adhésion le leur retirerait sans que personne le sache."""
    noms = list(
        Structure.objects.filter(membres__user=user, dossiers__isnull=False)
        .distinct()
        .order_by("nom")
        .values_list("nom", flat=True)
    )
    if not noms:
        return ""
    return _(
        "Vous êtes membre de « %(structures)s », qui a un dossier à l'appel à projets\u00a0: "
        "invitez une autre personne de la structure à le suivre, puis écrivez-nous "
        "(page Contact) pour que nous vous retirions de la structure."
    ) % {"structures": "», «".join(noms)}
