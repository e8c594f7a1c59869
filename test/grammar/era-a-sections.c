// SYNTAX TEST "source.c" "v1.4–v1.13 style: __section names, __section_tail, declare_tailcall_if"
__section("from-container")
// <--------- storage.modifier.section.cilium-bpf
//         ^^^^^^^^^^^^^^ entity.name.section.cilium-bpf
int handle_xgress(struct __sk_buff *skb)
__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV4_FROM_LXC)
// <-------------- storage.modifier.tail.cilium-bpf
//             ^^^^^^^^^^^^^^^^ constant.other.map-id.cilium-bpf
//                               ^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.tail-call-slot.cilium-bpf
int tail_handle_ipv4(struct __sk_buff *skb)
__section_tail(CILIUM_MAP_POLICY, TEMPLATE_LXC_ID)
//             ^^^^^^^^^^^^^^^^^ constant.other.map-id.cilium-bpf
int handle_policy(struct __sk_buff *skb)
declare_tailcall_if(__and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6)), CILIUM_CALL_IPV4_TO_LXC)
// <------------------- storage.modifier.tail.cilium-bpf
//                                                                           ^^^^^^^^^^^^^^^^^^^^^^^ constant.other.tail-call-slot.cilium-bpf
int tail_ipv4_policy(struct __sk_buff *skb)
