"""Les numéros de téléphone à la française : « 02 98 00 00 00 », en lien
`tel:+33298000000`, par phonenumbers (les règles de numérotation de
libphonenumber, outre-mer compris)."""

import phonenumbers
from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def lien_telephone(numero: str) -> str:
    """Le numéro au format national, en lien `tel:` au format international.

    Un numéro que phonenumbers ne reconnaît pas comme valide s'affiche tel
    quel (échappé par le gabarit), sans lien : on le laisse lire plutôt que de
    faire composer un numéro faux.
    """
    if not numero:
        return ""
    try:
        analyse = phonenumbers.parse(numero, "FR")
    except phonenumbers.NumberParseException:
        return numero
    if not phonenumbers.is_valid_number(analyse):
        return numero
    return format_html(
        '<a class="telephone" href="tel:{}">{}</a>',
        phonenumbers.format_number(analyse, phonenumbers.PhoneNumberFormat.E164),
        phonenumbers.format_number(analyse, phonenumbers.PhoneNumberFormat.NATIONAL),
    )
