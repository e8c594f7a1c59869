// SYNTAX TEST "source.c" "tail-call sites and map names; nothing inside comments"
void f(void)
{
    ep_tail_call(ctx, CILIUM_CALL_ARP);
//  ^^^^^^^^^^^^ support.function.tail-call.cilium-bpf
//                    ^^^^^^^^^^^^^^^ constant.other.tail-call-slot.cilium-bpf
    tail_call_dynamic(ctx, &POLICY_CALL_MAP, ep->lxc_id);
//  ^^^^^^^^^^^^^^^^^ support.function.tail-call.cilium-bpf
//                          ^^^^^^^^^^^^^^^ variable.other.constant.map.cilium-bpf
    ret = tail_call_internal(ctx, CILIUM_CALL_IPV4_FROM_LXC, ext_err);
//        ^^^^^^^^^^^^^^^^^^ support.function.tail-call.cilium-bpf
    tail_call_policy(ctx, ep->lxc_id);
//  ^^^^^^^^^^^^^^^^ support.function.tail-call.cilium-bpf
    invoke_tailcall_if(__and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6)), CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY, tail_ipv4_policy);
//  ^^^^^^^^^^^^^^^^^^ support.function.tail-call.cilium-bpf
//                                                                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ constant.other.tail-call-slot.cilium-bpf
    map = cilium_call_policy;
//        ^^^^^^^^^^^^^^^^^^ variable.other.constant.map.cilium-bpf
    map = cilium_lxc_ipve_1021;
//        ^^^^^^^^^^^^^^^^^^^^ variable.other.constant.map.cilium-bpf
    /* __section("not-here") and ep_tail_call(x) in a comment */
//     ^^^^^^^^^ - storage.modifier.section.cilium-bpf
//                ^^^^^^^^ - entity.name.section.cilium-bpf
//                               ^^^^^^^^^^^^ - support.function.tail-call.cilium-bpf
    const char *s = "tail_call_policy(ctx)";
//                   ^^^^^^^^^^^^^^^^ - support.function.tail-call.cilium-bpf
}
