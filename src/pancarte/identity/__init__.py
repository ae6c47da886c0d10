"""A collective's identity ("charte"): name, logo, colours, faces, signature and link, kept in
the user's data folder as one zip file each (the file shared with other members), and applied
to any document in one step.

:mod:`.model` the identity and its zip file, :mod:`.fonts` the group's own font files,
:mod:`.store` the folder of identities, :mod:`.apply` an identity on a document.
"""
