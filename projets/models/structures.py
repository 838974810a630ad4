"""La structure qui candidate (association, entreprise, collectivité ou groupe
informel) et les comptes qui agissent pour elle."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RNA = re.compile(r"W[0-9]{9}")
SIRET = re.compile(r"[0-9]{14}")


def valider_rna(valeur: str) -> None:
    if not RNA.fullmatch(valeur):
        raise ValidationError(
            _("Le numéro RNA commence par W suivi de 9 chiffres (par exemple W291012345)."),
            code="rna",
        )


def cle_de_luhn_valide(chiffres: str) -> bool:
    total = 0
    for rang, chiffre in enumerate(reversed(chiffres)):
        valeur = int(chiffre) * (2 if rang % 2 else 1)
        total += valeur - 9 if valeur > 9 else valeur
    return total % 10 == 0


def valider_siret(valeur: str) -> None:
    if not SIRET.fullmatch(valeur):
        raise ValidationError(_("Le SIRET compte exactement 14 chiffres."), code="siret")
    if not cle_de_luhn_valide(valeur):
        raise ValidationError(
            _(
                "Ce SIRET n'est pas valide (clé de contrôle)\u00a0: vérifiez-le sur l'avis de situation."
            ),
            code="siret_cle",
        )


class TypeStructure(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    ENTREPRISE = "entreprise", _("Entreprise")
    COLLECTIVITE = "collectivite", _("Établissement ou collectivité publique")
    GROUPE = "groupe", _("Groupe informel d'habitants")


class Structure(models.Model):
    type = models.CharField(_("type de structure"), max_length=12, choices=TypeStructure.choices)
    nom = models.CharField(_("nom"), max_length=200)
    rna = models.CharField(
        _("numéro RNA"), max_length=10, blank=True, validators=[valider_rna], db_index=True
    )
    siret = models.CharField(
        _("SIRET"), max_length=14, blank=True, validators=[valider_siret], db_index=True
    )
    adresse = models.CharField(_("adresse"), max_length=250)
    code_postal = models.CharField(_("code postal"), max_length=5)
    commune = models.ForeignKey(
        "papi.Commune", on_delete=models.PROTECT, verbose_name=_("commune"), related_name="+"
    )
    contact_nom = models.CharField(_("personne à contacter"), max_length=150)
    contact_email = models.EmailField(_("courriel de contact"), max_length=320)
    contact_telephone = models.CharField(_("téléphone"), max_length=30, blank=True)
    cree_le = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("structure candidate")
        verbose_name_plural = _("structures candidates")
        ordering = ["nom", "pk"]

    def __str__(self) -> str:
        return self.nom

    def clean(self) -> None:
        # Chaque type a son identifiant : l'association son RNA, l'entreprise et la
        # collectivité leur SIRET ; un groupe informel n'en a pas.
        if self.type == TypeStructure.ASSOCIATION and not self.rna:
            raise ValidationError({"rna": _("Une association indique son numéro RNA.")})
        if self.type in (TypeStructure.ENTREPRISE, TypeStructure.COLLECTIVITE) and not self.siret:
            raise ValidationError({"siret": _("Indiquez le SIRET de la structure.")})


class Membre(models.Model):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="membres")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adhesions"
    )
    depuis = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membre d'une structure")
        verbose_name_plural = _("membres des structures")
        constraints = [
            models.UniqueConstraint(fields=["structure", "user"], name="membre_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.structure}"


class Invitation(models.Model):
    """Un membre invite une autre personne par courriel ; le lien envoyé est signé
    et expire (voir projets/candidature). Acceptée, elle devient un Membre."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("courriel invité"), max_length=320)
    invitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cree_le = models.DateTimeField(default=timezone.now, editable=False)
    acceptee_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.email} → {self.structure}"
