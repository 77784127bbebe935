"""Readable messages for every public error code, French first."""

MESSAGES: dict[str, dict[str, str]] = {
    "bad_request": {
        "fr": "Requête invalide : {detail}.",
        "en": "Invalid request: {detail}.",
    },
    "unknown_game": {
        "fr": "Aucune partie ne correspond à ce code PIN.",
        "en": "No game matches this PIN.",
    },
    "nickname_taken": {
        "fr": "Ce pseudo est déjà pris dans cette partie : choisissez-en un autre.",
        "en": "This nickname is already taken in this game: pick another one.",
    },
    "nickname_invalid": {
        "fr": "Le pseudo doit faire entre 1 et 24 caractères, sans caractères spéciaux invisibles.",
        "en": "The nickname must be 1 to 24 characters long, with no invisible characters.",
    },
    "lobby_locked": {
        "fr": "L'animateur a fermé les inscriptions à cette partie.",
        "en": "The host has closed this game to new players.",
    },
    "game_over": {
        "fr": "Cette partie est terminée.",
        "en": "This game is over.",
    },
    "game_full": {
        "fr": "Cette partie est complète.",
        "en": "This game is full.",
    },
    "unknown_player": {
        "fr": "Joueur inconnu dans cette partie : rejoignez-la de nouveau.",
        "en": "Unknown player in this game: join it again.",
    },
    "not_accepting": {
        "fr": "Trop tard : les réponses sont fermées pour cette question.",
        "en": "Too late: answers are closed for this question.",
    },
    "wrong_question": {
        "fr": "Cette réponse porte sur une autre question que celle en cours.",
        "en": "This answer is for another question than the current one.",
    },
    "already_answered": {
        "fr": "Votre réponse à cette question est déjà enregistrée.",
        "en": "Your answer to this question is already recorded.",
    },
    "invalid_choice": {
        "fr": "Ce choix n'existe pas pour cette question.",
        "en": "This choice does not exist for this question.",
    },
    "forbidden": {
        "fr": "Action réservée à l'animateur de la partie.",
        "en": "Only the game's host may do this.",
    },
    "invalid_transition": {
        "fr": "Impossible à cette étape de la partie.",
        "en": "Not possible at this step of the game.",
    },
    "conflict": {
        "fr": "La partie vient de changer : réessayez.",
        "en": "The game has just changed: try again.",
    },
    "unauthorized": {
        "fr": "Authentification requise.",
        "en": "Authentication required.",
    },
    "not_found": {
        "fr": "Ressource introuvable.",
        "en": "Not found.",
    },
    "unknown_quiz": {
        "fr": "Aucun quiz ne porte cet identifiant.",
        "en": "No quiz has this id.",
    },
    "rate_limited": {
        "fr": "Trop de tentatives : patientez un instant avant de réessayer.",
        "en": "Too many attempts: wait a moment before trying again.",
    },
    "too_many_pins": {
        "fr": "Trop de codes PIN erronés depuis ce réseau : patientez une minute avant de "
              "réessayer.",
        "en": "Too many wrong PINs from this network: wait a minute before trying again.",
    },
    "already_joined": {
        "fr": "Cet appareil a déjà rejoint la partie : rechargez la page pour la retrouver.",
        "en": "This device has already joined the game: reload the page to get back to it.",
    },
    "invalid_code": {
        "fr": "Aucun joueur de cette partie n'a ce code de récupération.",
        "en": "No player of this game has this recovery code.",
    },
    "invalid_accommodation": {
        "fr": "Aménagement invalide : le temps peut être multiplié par 1, 1,5 ou 2, "
              "et « sans vitesse » vaut oui ou non.",
        "en": "Invalid accommodation: the time may be multiplied by 1, 1.5 or 2, "
              "and \"no speed\" is yes or no.",
    },
    "internal_error": {
        "fr": "Erreur interne du serveur : la partie continue, réessayez.",
        "en": "Internal server error: the game goes on, try again.",
    },
}

LANGS = ("fr", "en")


def message(code: str, lang: str = "fr", **params: object) -> str:
    """Return the sentence for an error code in `lang` (French when unknown)."""
    texts = MESSAGES.get(code, MESSAGES["internal_error"])
    text = texts.get(lang) or texts["fr"]
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text.replace("{detail}", "").strip()


def error_body(code: str, lang: str = "fr", **params: object) -> dict:
    """The `{"code", "message"}` object every error reply carries."""
    return {"code": code, "message": message(code, lang, **params)}
