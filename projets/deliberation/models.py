"""Les décisions sur les dossiers et le vote du conseil.

- `Decision` : ce que l'instruction décide d'un dossier après le classement du jury
  (retenu avec un montant et une forme d'aide, non retenu avec sa motivation, liste
  d'attente). Elle se révise jusqu'au vote ; un total accordé au-delà de l'enveloppe
  n'est enregistré qu'avec une confirmation explicite, gardée ici.
- `DeliberationConseil` : la délibération du conseil (numéro, date) qui vote les
  subventions d'un lot de dossiers retenus ; la décision n'est définitive qu'alors.
- La structure apprend la décision finale par un seul courriel (`notifiee_le`), jamais
  avant : les retenus au vote, les autres quand les résultats sont publiés.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projets.models import AppelAProjets, Dossier, FormeAide


class DeliberationConseil(models.Model):
    edition = models.ForeignKey(
        AppelAProjets,
        on_delete=models.PROTECT,
        related_name="deliberations",
        verbose_name=_("édition"),
    )
    numero = models.CharField(_("numéro de délibération"), max_length=40, unique=True)
    date_conseil = models.DateField(_("date du conseil"))
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    enregistree_le = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("délibération du conseil")
        verbose_name_plural = _("délibérations du conseil")
        ordering = ["edition", "date_conseil", "numero"]

    def __str__(self) -> str:
        return f"{self.numero} ({self.date_conseil:%d/%m/%Y})"


class Decision(models.Model):
    class Sens(models.TextChoices):
        RETENU = "retenu", _("Retenu")
        NON_RETENU = "non_retenu", _("Non retenu")
        LISTE_ATTENTE = "liste_attente", _("Liste d'attente")

    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, related_name="decision", verbose_name=_("dossier")
    )
    sens = models.CharField(_("décision"), max_length=14, choices=Sens.choices)
    montant_accorde = models.DecimalField(
        _("montant accordé (€)"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    forme_aide = models.CharField(
        _("forme de l'aide"), max_length=12, choices=FormeAide.choices, blank=True
    )
    motivation = models.TextField(_("motivation"), max_length=5000, blank=True)
    # Vrai quand ce retenu a porté le total accordé au-delà de l'enveloppe et que
    # l'instruction l'a confirmé ; `confirme_par` dit qui.
    depassement_confirme = models.BooleanField(_("dépassement d'enveloppe confirmé"), default=False)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decidee_le = models.DateTimeField(default=timezone.now, editable=False)
    deliberation = models.ForeignKey(
        DeliberationConseil,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("délibération du conseil"),
    )
    notifiee_le = models.DateTimeField(_("notifiée le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_accorde__gte=0), name="decision_montant_positif"
            ),
            # Seul un retenu reçoit de l'argent ; un non retenu a sa motivation.
            models.CheckConstraint(
                condition=Q(sens="retenu") | Q(montant_accorde=0), name="decision_montant_si_retenu"
            ),
            models.CheckConstraint(
                condition=~Q(sens="non_retenu") | ~Q(motivation=""),
                name="decision_non_retenu_motive",
            ),
            models.CheckConstraint(
                condition=Q(sens="retenu") | Q(deliberation__isnull=True),
                name="decision_votee_si_retenu",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} : {self.get_sens_display()}"
