"""Les formulaires des structures candidates : la fiche de la structure et
l'invitation d'un membre. Ils valident la saisie ; les vues enregistrent."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brest_numerique.validateurs import nom_lisible
from papi.models import Commune
from projets.models import Structure, TypeStructure

TELEPHONE = re.compile(r"\+?[0-9 .\-()]+")
CODE_POSTAL = re.compile(r"[0-9]{5}")
CHIFFRES_ASCII = frozenset("0123456789")


class StructureForm(forms.ModelForm):
    # Plus longs que les numéros eux-mêmes : « W 291 012 345 » ou un SIRET écrit par
    # groupes se recopient tels quels ; les espaces partent, le modèle juge le reste.
    rna = forms.CharField(
        label=gettext_lazy("Numéro RNA (associations)"), max_length=30, required=False
    )
    siret = forms.CharField(
        label=gettext_lazy("SIRET (entreprises et collectivités)"), max_length=30, required=False
    )

    class Meta:
        model = Structure
        fields = [
            "type",
            "nom",
            "rna",
            "siret",
            "adresse",
            "code_postal",
            "commune",
            "contact_nom",
            "contact_email",
            "contact_telephone",
        ]
        labels = {
            "type": gettext_lazy("Type de structure"),
            "nom": gettext_lazy("Nom de la structure"),
            "adresse": gettext_lazy("Adresse"),
            "code_postal": gettext_lazy("Code postal"),
            "commune": gettext_lazy("Commune"),
            "contact_nom": gettext_lazy("Personne à contacter"),
            "contact_email": gettext_lazy("Courriel de contact"),
            "contact_telephone": gettext_lazy("Téléphone (facultatif)"),
        }
        help_texts = {
            "nom": gettext_lazy("Tel qu'il figure dans vos statuts, ou le nom de votre groupe."),
            "commune": gettext_lazy("Une des huit communes de Brest métropole."),
            "contact_email": gettext_lazy("L'équipe de l'appel à projets écrit à cette adresse."),
        }
        error_messages = {
            "type": {
                "required": gettext_lazy("Choisissez le type de votre structure."),
                "invalid_choice": gettext_lazy("Choisissez un des types proposés."),
            },
            "nom": {"required": gettext_lazy("Indiquez le nom de la structure.")},
            "adresse": {"required": gettext_lazy("Indiquez l'adresse de la structure.")},
            "code_postal": {"required": gettext_lazy("Indiquez le code postal.")},
            "commune": {
                "required": gettext_lazy("Choisissez la commune de la structure."),
                "invalid_choice": gettext_lazy(
                    "Choisissez une des huit communes de Brest métropole."
                ),
            },
            "contact_nom": {"required": gettext_lazy("Indiquez la personne à contacter.")},
            "contact_email": {
                "required": gettext_lazy("Indiquez un courriel de contact."),
                "invalid": gettext_lazy(
                    "Ce courriel n'est pas valide\u00a0: vérifiez-le (par exemple contact@exemple.fr)."
                ),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rna"].help_text = _(
            "W suivi de 9 chiffres, sur le récépissé de la préfecture (par exemple W291012345)."
        )
        self.fields["siret"].help_text = _("14 chiffres, sur l'avis de situation de l'INSEE.")
        self.fields["type"].choices = [c for c in self.fields["type"].choices if c[0]]
        self.fields["commune"].queryset = Commune.objects.order_by("nom")
        self.fields["commune"].empty_label = _("Choisissez la commune")
        attributs = {
            "nom": "organization",
            "adresse": "address-line1",  # une ligne ; street-address est pour un textarea
            "code_postal": "postal-code",
            "contact_nom": "name",
            "contact_email": "email",
            "contact_telephone": "tel",
        }
        for nom, valeur in attributs.items():
            self.fields[nom].widget.attrs["autocomplete"] = valeur
        self.fields["contact_telephone"].widget.input_type = "tel"
        self.fields["code_postal"].widget.attrs["inputmode"] = "numeric"
        self.fields["siret"].widget.attrs["inputmode"] = "numeric"

    def clean_nom(self) -> str:
        return nom_lisible(self.cleaned_data["nom"])

    def clean_contact_nom(self) -> str:
        return nom_lisible(self.cleaned_data["contact_nom"])

    def clean_rna(self) -> str:
        # « w 291 012 345 » comme « W291012345 » : on retire espaces et points.
        return re.sub(r"[\s.]", "", self.cleaned_data["rna"]).upper()

    def clean_siret(self) -> str:
        return re.sub(r"[\s.]", "", self.cleaned_data["siret"])

    def clean_code_postal(self) -> str:
        valeur = self.cleaned_data["code_postal"].strip()
        if not CODE_POSTAL.fullmatch(valeur):
            raise forms.ValidationError(_("Le code postal compte 5 chiffres (par exemple 29200)."))
        return valeur

    def clean_contact_telephone(self) -> str:
        valeur = " ".join(self.cleaned_data["contact_telephone"].split())
        if valeur and (
            not TELEPHONE.fullmatch(valeur)
            or not 6 <= sum(c in CHIFFRES_ASCII for c in valeur) <= 15
        ):
            raise forms.ValidationError(
                _(
                    "Ce numéro n'est pas valide\u00a0: écrivez-le en chiffres, par exemple 02 98 00 00 00."
                )
            )
        return valeur

    def _post_clean(self):
        # Chaque type garde son seul identifiant : un RNA saisi pour une entreprise,
        # puis le type changé, ne reste pas en base sans qu'on le voie.
        donnees = self.cleaned_data
        type_ = donnees.get("type")
        if type_ and type_ != TypeStructure.ASSOCIATION:
            donnees["rna"] = ""
            self.errors.pop("rna", None)
        if type_ and type_ not in (TypeStructure.ENTREPRISE, TypeStructure.COLLECTIVITE):
            donnees["siret"] = ""
            self.errors.pop("siret", None)
        super()._post_clean()


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Courriel de la personne à inviter"),
        max_length=320,
        help_text=gettext_lazy(
            "Elle reçoit un lien valable quelques jours\u202f; elle l'accepte avec un compte "
            "à cette adresse."
        ),
        error_messages={
            "required": gettext_lazy("Indiquez le courriel de la personne à inviter."),
            "invalid": gettext_lazy(
                "Ce courriel n'est pas valide\u00a0: vérifiez-le (par exemple camille@exemple.fr)."
            ),
        },
    )

    def __init__(self, *args, structure: Structure, **kwargs):
        kwargs.setdefault("auto_id", "id_invitation_%s")
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if self.structure.membres.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(_("Cette personne est déjà membre de la structure."))
        return email
