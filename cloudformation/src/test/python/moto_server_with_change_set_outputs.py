"""moto_server, except that a stack created or updated through a change set gets its Outputs.

moto 5.2.1's ExecuteChangeSet creates the resources but never resolves the template's Outputs
(Stack.update does; ChangeSet.apply does not), so `aws cloudformation deploy` followed by
`describe-stacks --query Outputs` finds none there, where AWS returns them. This resolves them the
way moto's own Stack.update does, and changes nothing else.
"""

import sys

from moto.cloudformation import models
from moto.server import main

_apply = models.ChangeSet.apply


def _apply_and_resolve_outputs(self):
    _apply(self)
    self.stack.template = self.template
    self.stack._parse_template()
    self.stack.output_map = self.stack._create_output_map()


models.ChangeSet.apply = _apply_and_resolve_outputs

if __name__ == "__main__":
    main(sys.argv[1:])
