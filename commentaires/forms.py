from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brest_numerique.cache_anonyme import TROUS
from commentaires.models import Commentaire, Signalement
from commentaires.rendu import caracteres_de_controle, nombre_de_liens, retirer_invisibles

SEL_HORODATAGE = "commentaires.horodatage"
DELAI_MIN = 3  # secondes : un humain ne remplit pas le formulaire plus vite
DELAI_MAX = 2 * 3600  # secondes : au-delà, le formulaire a expiré


def horodatage() -> str:
    return signing.TimestampSigner(salt=SEL_HORODATAGE).sign("formulaire")


# Dans une page gardée en cache, l'horodatage est un trou rempli à chaque réponse.
TROU_HORODATAGE = "trou-horodatage-4b81e2"
TROUS[TROU_HORODATAGE] = lambda request: horodatage()


class CommentaireForm(forms.Form):
    nom = forms.CharField(
        label=gettext_lazy("Votre nom"),
        max_length=80,
        help_text=gettext_lazy("Il sera publié avec votre commentaire."),
    )
    email = forms.EmailField(
        label=gettext_lazy("Votre adresse électronique"),
        help_text=gettext_lazy(
            "Jamais publiée : elle sert à confirmer votre commentaire et à vous prévenir."
        ),
    )
    texte = forms.CharField(
        label=gettext_lazy("Votre commentaire"), widget=forms.Textarea(attrs={"rows": 6})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    horodatage = forms.CharField(widget=forms.HiddenInput)
    # Champ piège : caché aux humains, rempli par les robots.
    site_web = forms.CharField(
        required=False,
        label=gettext_lazy("Ne pas remplir ce champ"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, objet, **kwargs):
        # La page commentée a souvent ses propres formulaires (signaler une erreur
        # sur une fiche PAPI : email, site_web…) : des id distincts gardent chaque
        # étiquette reliée à son champ.
        kwargs.setdefault("auto_id", "id_commentaire_%s")
        super().__init__(*args, **kwargs)
        self.objet = objet
        self.longueur_max = settings.COMMENTAIRES_LONGUEUR_MAX
        self.fields["texte"].max_length = self.longueur_max
        # Le validateur de longueur naît avec le champ (à la déclaration de la
        # classe) : le réglage lu ici doit ajouter le sien.
        self.fields["texte"].validators.append(MaxLengthValidator(self.longueur_max))
        self.fields["texte"].widget.attrs.update(
            maxlength=self.longueur_max, **{"data-longueur-max": self.longueur_max}
        )
        self.fields["texte"].help_text = _(
            "Texte simple, %(longueur)s caractères au plus ; les adresses web deviennent des liens."
        ) % {"longueur": self.longueur_max}
        self.initial.setdefault("horodatage", horodatage())

    def clean_site_web(self):
        if self.cleaned_data["site_web"]:
            raise forms.ValidationError(_("Envoi refusé."))
        return ""

    def clean_horodatage(self):
        signeur = signing.TimestampSigner(salt=SEL_HORODATAGE)
        valeur = self.cleaned_data["horodatage"]
        try:
            signeur.unsign(valeur, max_age=DELAI_MAX)
        except signing.SignatureExpired:
            self._renouveler_horodatage()
            raise forms.ValidationError(
                _("Le formulaire a expiré : votre texte est conservé, envoyez-le à nouveau.")
            ) from None
        except signing.BadSignature:
            self._renouveler_horodatage()
            raise forms.ValidationError(_("Formulaire invalide : rechargez la page.")) from None
        try:
            signeur.unsign(valeur, max_age=DELAI_MIN)
        except signing.SignatureExpired:
            return valeur
        raise forms.ValidationError(
            _("Envoi trop rapide : relisez votre commentaire puis envoyez-le à nouveau.")
        )

    def _renouveler_horodatage(self) -> None:
        # La page d'erreur réaffiche les données envoyées : sans un horodatage
        # neuf, le formulaire expiré le resterait à chaque nouvel envoi.
        self.data = self.data.copy()
        self.data[self.add_prefix("horodatage")] = horodatage()

    def clean_texte(self):
        texte = self.cleaned_data["texte"]
        if caracteres_de_controle(texte):
            raise forms.ValidationError(
                _("Le texte contient des caractères de contrôle non autorisés.")
            )
        texte = retirer_invisibles(texte).strip()
        if not texte:
            raise forms.ValidationError(_("Le commentaire est vide."))
        liens_max = settings.COMMENTAIRES_LIENS_MAX
        if nombre_de_liens(texte) > liens_max:
            raise forms.ValidationError(
                _("Pas plus de %(nombre)s liens par commentaire, pour limiter les publicités.")
                % {"nombre": liens_max}
            )
        return texte

    def clean_nom(self):
        nom = retirer_invisibles(self.cleaned_data["nom"]).strip()
        if caracteres_de_controle(nom) or not nom:
            raise forms.ValidationError(_("Indiquez un nom lisible."))
        return nom

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        parent = (
            Commentaire.objects.publies()
            .pour(self.objet)
            .filter(pk=pk, parent__isnull=True)
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                _("On ne peut répondre qu'à un commentaire publié de cette page.")
            )
        return parent

    def clean(self):
        donnees = super().clean()
        email, texte = donnees.get("email"), donnees.get("texte")
        if email and texte:
            deja = Commentaire.objects.de_l_auteur(email).filter(
                empreinte_texte=Commentaire.empreinte(texte)
            )
            if deja.exists():
                self.add_error("texte", _("Vous avez déjà envoyé ce commentaire."))
        return donnees


class SignalementForm(forms.Form):
    raison = forms.ChoiceField(
        label=gettext_lazy("Raison du signalement"), choices=Signalement.Raison.choices
    )


class RejetForm(forms.Form):
    motif = forms.CharField(
        label=gettext_lazy("Motif (facultatif, envoyé à l'auteur)"), required=False, max_length=500
    )
