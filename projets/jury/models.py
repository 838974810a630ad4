"""Le jury d'une édition et ses évaluations.

- `Jury` : les jurés d'une édition (comptes du groupe Jury) et la période de notation.
- `Evaluation` : un dossier confié à un juré. Elle est « à noter », puis « soumise »
  (les notes sont alors figées) ; ou le juré déclare un conflit d'intérêts, et il ne
  voit plus le dossier ni ne le note. Chaque passage s'écrit dans son historique.
- `Note` : la note d'un critère pondéré de l'édition (0 à NOTE_MAX) et son commentaire.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brest_numerique.etats import Journal, MachineAEtats, Transition
from projets.models import AppelAProjets, CritereNotation, Dossier

NOTE_MAX = CritereNotation.NOTE_MAX


class Jury(models.Model):
    edition = models.OneToOneField(
        AppelAProjets, on_delete=models.CASCADE, related_name="jury", verbose_name=_("édition")
    )
    jures = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jurés"),
        related_name="jurys",
        blank=True,
        help_text=_("Comptes du groupe Jury."),
    )
    notation_debut = models.DateField(_("début de la notation"))
    notation_fin = models.DateField(_("fin de la notation"))

    class Meta:
        verbose_name = _("jury")
        verbose_name_plural = _("jurys")
        constraints = [
            models.CheckConstraint(
                condition=Q(notation_debut__lte=models.F("notation_fin")),
                name="jury_periode_dans_l_ordre",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Jury de l'édition %(annee)s") % {"annee": self.edition.annee})


class Avis(models.TextChoices):
    FAVORABLE = "favorable", _("Favorable")
    RESERVE = "reserve", _("Réservé")
    DEFAVORABLE = "defavorable", _("Défavorable")


class Evaluation(models.Model):
    class Statut(models.TextChoices):
        A_NOTER = "a_noter", _("À noter")
        SOUMISE = "soumise", _("Notes soumises")
        CONFLIT = "conflit", _("Conflit d'intérêts déclaré")

    Avis = Avis

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("dossier")
    )
    jure = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("juré"),
    )
    statut = models.CharField(
        _("état"), max_length=10, choices=Statut.choices, default=Statut.A_NOTER
    )
    avis = models.CharField(_("avis d'ensemble"), max_length=12, choices=Avis.choices, blank=True)
    commentaire = models.TextField(_("commentaire d'ensemble"), max_length=5000, blank=True)
    conflit_motif = models.TextField(_("nature du conflit d'intérêts"), max_length=2000, blank=True)
    affectee_le = models.DateTimeField(_("confiée le"), default=timezone.now, editable=False)
    soumise_le = models.DateTimeField(_("soumise le"), null=True, blank=True, editable=False)

    MACHINE = MachineAEtats(
        journal="historique",
        transitions={
            "soumettre": Transition({Statut.A_NOTER}, Statut.SOUMISE, _("soumettre les notes")),
            "declarer_conflit": Transition(
                {Statut.A_NOTER}, Statut.CONFLIT, _("déclarer un conflit d'intérêts")
            ),
        },
    )

    class Meta:
        verbose_name = _("évaluation d'un dossier")
        verbose_name_plural = _("évaluations des dossiers")
        ordering = ["dossier", "jure"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "jure"], name="evaluation_unique"),
        ]
        indexes = [models.Index(fields=["jure", "statut"])]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.jure}"


class HistoriqueEvaluation(Journal):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="historique")

    class Meta(Journal.Meta):
        verbose_name = _("étape d'une évaluation")
        verbose_name_plural = _("historique des évaluations")


class Note(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="notes")
    critere = models.ForeignKey(
        CritereNotation, on_delete=models.PROTECT, related_name="notes", verbose_name=_("critère")
    )
    valeur = models.PositiveSmallIntegerField(_("note"), validators=[MaxValueValidator(NOTE_MAX)])
    commentaire = models.TextField(_("commentaire"), max_length=3000, blank=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "critere"], name="note_unique"),
            models.CheckConstraint(condition=Q(valeur__lte=NOTE_MAX), name="note_bornee"),
        ]

    def __str__(self) -> str:
        return f"{self.critere} : {self.valeur}/{NOTE_MAX}"
