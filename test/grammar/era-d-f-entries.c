// SYNTAX TEST "source.c" "v1.14+ __section_entry, v1.18+ __declare_tail, TAIL_CT_LOOKUP4"
__section_entry
// <--------------- storage.modifier.section.cilium-bpf
int cil_from_container(struct __ctx_buff *ctx)
__declare_tail(CILIUM_CALL_IPV4_FROM_LXC)
// <-------------- storage.modifier.tail.cilium-bpf
//             ^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.tail-call-slot.cilium-bpf
static __always_inline int tail_handle_ipv4(struct __ctx_buff *ctx)
TAIL_CT_LOOKUP4(CILIUM_CALL_IPV4_CT_EGRESS, tail_ipv4_ct_egress, CT_EGRESS, 1, CILIUM_CALL_IPV4_FROM_LXC_CONT, tail_handle_ipv4_cont)
// <--------------- storage.modifier.tail.cilium-bpf
//              ^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.tail-call-slot.cilium-bpf
//                                                                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.tail-call-slot.cilium-bpf
