"""Une pièce jointe d'un dossier : déposée avec le dossier, en réponse à une
demande de compléments, ou jointe à un message de la messagerie. Le fichier est
vérifié par son contenu (brest_numerique/fichiers.py) et rangé sous un nom
aléatoire dans le stockage privé (stockage.py) ; le nom déposé, nettoyé, ne sert
qu'à l'affichage et au téléchargement."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brest_numerique.fichiers import CHOIX_DES_FORMATS, FORMATS, nom_de_stockage, taille_lisible
from projets.pieces.stockage import stockage_des_pieces

# Les formats des pièces d'un dossier (codes de brest_numerique.fichiers.FORMATS).
TYPES_DES_PIECES = ("pdf", "odt", "docx", "ods", "xlsx", "jpeg", "png")


class Origine(models.TextChoices):
    DOSSIER = "dossier", _("Pièce du dossier")
    COMPLEMENT = "complement", _("Complément demandé")
    MESSAGE = "message", _("Pièce d'un message")


def chemin_de_stockage(piece: "PieceJointe", _nom_depose: str) -> str:
    # Le nom déposé est ignoré : jamais un chemin, jamais une extension choisie
    # par le déposant. Un dossier du disque par édition et par dossier.
    return f"{piece.dossier.edition_id}/{piece.dossier_id}/{nom_de_stockage(piece.format)}"


class PieceJointe(models.Model):
    Origine = Origine

    dossier = models.ForeignKey(
        "projets.Dossier",
        on_delete=models.CASCADE,
        related_name="pieces",
        verbose_name=_("dossier"),
    )
    nom = models.CharField(_("nom du fichier"), max_length=160)
    format = models.CharField(_("format"), max_length=8, choices=CHOIX_DES_FORMATS)
    taille = models.PositiveIntegerField(_("taille (octets)"))
    fichier = models.FileField(
        _("fichier"), storage=stockage_des_pieces, upload_to=chemin_de_stockage, max_length=200
    )
    origine = models.CharField(
        _("origine"), max_length=12, choices=Origine.choices, default=Origine.DOSSIER
    )
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("déposée par"),
    )
    deposee_le = models.DateTimeField(_("déposée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["dossier", "deposee_le", "pk"]
        indexes = [models.Index(fields=["dossier", "origine"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(format__in=TYPES_DES_PIECES), name="piece_format_connu"
            ),
        ]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("projets:piece", args=[self.pk])

    @property
    def type_mime(self) -> str:
        return FORMATS[self.format].mime

    @property
    def format_et_taille(self) -> str:
        """« PDF, 1,2 Mo »."""
        return f"{FORMATS[self.format].libelle}, {taille_lisible(self.taille)}"

    @property
    def supprimable(self) -> bool:
        # Une pièce de message appartient au message : la messagerie ne s'efface pas.
        return self.origine != Origine.MESSAGE
