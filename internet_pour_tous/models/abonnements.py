"""L'abonnement d'un foyer pour un logement, et ses périodes d'activité.

    demandé → actif ↔ suspendu → résilié ; demandé → refusé

Un logement n'a jamais plus d'un abonnement en cours (demandé, actif ou suspendu) :
la base l'interdit par une contrainte partielle, même sous des demandes simultanées.
Chaque activation ou reprise ouvre une `PeriodeActivite`, chaque suspension ou
résiliation la ferme : la facturation d'un mois lit ces périodes (facturation.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brest_numerique.etats import Journal, MachineAEtats, Transition
from internet_pour_tous.models.territoire import Logement


class Accompagnement(models.TextChoices):
    ORDINATEUR = "ordinateur", _("Un ordinateur reconditionné à petit prix")
    ATELIERS = "ateliers", _("Des ateliers pour débuter")
    CONTRATS = "contrats", _("Des conseils sur les contrats de téléphone et d'internet")


EN_COURS = ("demande", "actif", "suspendu")


class Abonnement(models.Model):
    class Statut(models.TextChoices):
        DEMANDE = "demande", _("Demandé")
        ACTIF = "actif", _("Actif")
        SUSPENDU = "suspendu", _("Suspendu")
        RESILIE = "resilie", _("Résilié")
        REFUSE = "refuse", _("Refusé")

    logement = models.ForeignKey(
        Logement, on_delete=models.PROTECT, related_name="abonnements", verbose_name=_("logement")
    )
    titulaire = models.CharField(_("nom du titulaire"), max_length=200)
    email = models.EmailField(_("adresse électronique"))
    telephone = models.CharField(_("téléphone"), max_length=20, blank=True)
    # Le compte de l'abonné (espace abonné), rattaché par son adresse vérifiée.
    compte = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="abonnements_ipt",
    )
    accompagnement = models.JSONField(_("accompagnement demandé"), default=list, blank=True)
    consentement_le = models.DateTimeField(_("consentement donné le"))
    statut = models.CharField(
        _("état"), max_length=10, choices=Statut.choices, default=Statut.DEMANDE
    )
    debut = models.DateField(_("début"), null=True, blank=True)
    fin = models.DateField(_("fin"), null=True, blank=True)
    cree_le = models.DateTimeField(_("demandé le"), default=timezone.now, editable=False)
    anonymise_le = models.DateTimeField(null=True, blank=True, editable=False)
    donnees_exemple = models.BooleanField(_("donnée d'exemple"), default=False)

    MACHINE = MachineAEtats(
        journal="historique",
        transitions={
            "activer": Transition({Statut.DEMANDE}, Statut.ACTIF, _("activer")),
            "refuser": Transition({Statut.DEMANDE}, Statut.REFUSE, _("refuser")),
            "suspendre": Transition({Statut.ACTIF}, Statut.SUSPENDU, _("suspendre")),
            "reprendre": Transition({Statut.SUSPENDU}, Statut.ACTIF, _("reprendre")),
            "resilier": Transition({Statut.ACTIF, Statut.SUSPENDU}, Statut.RESILIE, _("résilier")),
        },
    )

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["logement"],
                condition=Q(statut__in=EN_COURS),
                name="un_abonnement_en_cours_par_logement",
                violation_error_message=_("Ce logement a déjà un abonnement en cours."),
            ),
        ]
        indexes = [models.Index(fields=["statut", "logement"])]

    def __str__(self) -> str:
        return f"{self.titulaire} — {self.logement}"


class HistoriqueAbonnement(Journal):
    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="historique")

    class Meta(Journal.Meta):
        verbose_name = _("étape d'un abonnement")
        verbose_name_plural = _("historique des abonnements")


class PeriodeActivite(models.Model):
    """Du jour où l'abonnement devient actif (inclus) au jour où il cesse de l'être
    (exclu ; vide tant qu'il l'est)."""

    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="periodes")
    debut = models.DateField()
    fin = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("période d'activité")
        verbose_name_plural = _("périodes d'activité")
        ordering = ["abonnement", "debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gt=models.F("debut")),
                name="periode_dans_l_ordre",
            ),
            models.UniqueConstraint(
                fields=["abonnement"],
                condition=Q(fin__isnull=True),
                name="une_periode_ouverte_par_abonnement",
            ),
        ]
        indexes = [models.Index(fields=["debut", "fin"])]

    def __str__(self) -> str:
        fin = f"{self.fin:%d/%m/%Y}" if self.fin else "…"
        return f"{self.abonnement_id} : {self.debut:%d/%m/%Y} → {fin}"
