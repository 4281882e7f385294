"""What people write on the platform: the checks of one-line titles and plain-text messages,
and the Markdown of descriptions, rendered sanitised (the `markdown_propre` filter). It imports
no other app of ours."""
