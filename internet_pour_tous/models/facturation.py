"""Le prix daté, les échéances mensuelles, les passages de facturation et les
relevés des bailleurs.

Règle de facturation (écrite ici et dans docs/internet-pour-tous.md) : un mois est
dû en entier, au tarif en vigueur le premier jour du mois, par tout abonnement actif
ce premier jour (une période d'activité le contient) ; un abonnement activé en cours
de mois commence à payer le mois suivant ; suspendu ou résilié avant le premier
jour, il ne doit rien pour ce mois."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from internet_pour_tous.models.abonnements import Abonnement
from internet_pour_tous.models.territoire import Bailleur


class Tarif(models.Model):
    montant = models.DecimalField(
        _("montant mensuel par logement (€)"), max_digits=6, decimal_places=2
    )
    debut = models.DateField(_("en vigueur à partir du"), unique=True)

    class Meta:
        verbose_name = _("tarif")
        verbose_name_plural = _("tarifs")
        ordering = ["-debut"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="tarif_positif"),
        ]

    def __str__(self) -> str:
        return f"{self.montant}\u00a0€ depuis le {self.debut:%d/%m/%Y}"


class Releve(models.Model):
    """Le relevé mensuel d'un bailleur : les montants de ses logements, à ajouter
    aux charges locatives ; envoyé puis payé (en entier ou avec des impayés)."""

    class Statut(models.TextChoices):
        PREPARE = "prepare", _("Préparé")
        ENVOYE = "envoye", _("Envoyé au bailleur")
        PAYE = "paye", _("Payé")
        PAYE_EN_PARTIE = "paye_en_partie", _("Payé avec des impayés")

    bailleur = models.ForeignKey(Bailleur, on_delete=models.PROTECT, related_name="releves")
    mois = models.DateField(_("mois"))
    statut = models.CharField(
        _("état"), max_length=16, choices=Statut.choices, default=Statut.PREPARE
    )
    envoye_le = models.DateTimeField(null=True, blank=True)
    paye_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("relevé d'un bailleur")
        verbose_name_plural = _("relevés des bailleurs")
        ordering = ["-mois", "bailleur"]
        constraints = [
            models.UniqueConstraint(fields=["bailleur", "mois"], name="releve_unique_par_mois"),
        ]

    def __str__(self) -> str:
        return f"{self.bailleur} — {self.mois:%m/%Y}"


class Echeance(models.Model):
    class Statut(models.TextChoices):
        DUE = "due", _("Due")
        PAYEE = "payee", _("Payée")
        IMPAYEE = "impayee", _("Impayée")

    abonnement = models.ForeignKey(Abonnement, on_delete=models.PROTECT, related_name="echeances")
    mois = models.DateField(_("mois"))  # toujours le premier jour du mois
    montant = models.DecimalField(_("montant (€)"), max_digits=6, decimal_places=2)
    statut = models.CharField(_("état"), max_length=8, choices=Statut.choices, default=Statut.DUE)
    releve = models.ForeignKey(
        Releve, on_delete=models.PROTECT, null=True, blank=True, related_name="echeances"
    )

    class Meta:
        verbose_name = _("échéance")
        verbose_name_plural = _("échéances")
        ordering = ["-mois", "abonnement"]
        constraints = [
            models.UniqueConstraint(fields=["abonnement", "mois"], name="echeance_unique_par_mois"),
            models.CheckConstraint(condition=Q(mois__day=1), name="echeance_premier_du_mois"),
        ]
        indexes = [models.Index(fields=["mois", "statut"])]

    def __str__(self) -> str:
        return f"{self.abonnement} — {self.mois:%m/%Y}\u00a0: {self.montant}\u00a0€"


class Facturation(models.Model):
    """Un passage de facturation d'un mois : son état et ses comptes, lus par la page
    de suivi pendant qu'il tourne."""

    class Statut(models.TextChoices):
        EN_COURS = "en_cours", _("En cours")
        TERMINEE = "terminee", _("Terminée")
        ECHOUEE = "echouee", _("Échouée")

    mois = models.DateField(_("mois"))
    statut = models.CharField(
        _("état"), max_length=10, choices=Statut.choices, default=Statut.EN_COURS
    )
    attendues = models.PositiveIntegerField(_("échéances attendues"), default=0)
    creees = models.PositiveIntegerField(_("échéances créées"), default=0)
    deja_la = models.PositiveIntegerField(_("échéances déjà présentes"), default=0)
    lancee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    debut = models.DateTimeField(default=timezone.now)
    fin = models.DateTimeField(null=True, blank=True)
    erreur = models.TextField(blank=True)

    class Meta:
        verbose_name = _("passage de facturation")
        verbose_name_plural = _("passages de facturation")
        ordering = ["-debut"]

    def __str__(self) -> str:
        return f"{self.mois:%m/%Y} — {self.get_statut_display()}"
