"""Publishing an Obsidian vault: drawings exported, their embeds in notes rewritten to standard images.

``excalidraw-export vault VAULT -o SITE`` (:func:`exporter.vault.site.run_vault`)
copies the vault's Markdown and the attachments it references to SITE, exports
every drawing (and each frame, group or area a note embeds) and rewrites the
embeds so that Quartz, MkDocs or Hugo can publish SITE.
"""
