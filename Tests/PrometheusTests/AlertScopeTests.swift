import Testing

@testable import Prometheus

/// An alert is about a group by its label, its rule's selector or its runbook.
@Suite struct AlertScopeTests {
  @Test(arguments: [
    // label
    (["consumergroup": "crm-events-sse"], nil, nil, AlertScope.tied(by: "label")),
    (["consumergroup": "other"], #"kafka:group_lag_sum{consumergroup="crm-events-sse"} > 1"#, nil, .otherGroup),
    (["group": "crm-events-sse"], nil, nil, .tied(by: "label")),
    // the rule's selector, when the expression drops the label
    ([:], #"sum(kafka_consumergroup_lag{consumergroup="crm-events-sse"}) > 500"#, nil, .tied(by: "rule")),
    ([:], #"sum(kafka_consumergroup_lag{ consumergroup =~ "crm-.*" }) > 500"#, nil, .tied(by: "rule")),
    ([:], #"sum(kafka_consumergroup_lag{consumergroup=~"crm"}) > 500"#, nil, .otherGroup),
    ([:], #"sum(kafka_consumergroup_lag{consumergroup="orders"}) > 500"#, "crm-events-sse", .otherGroup),
    ([:], #"sum(kafka_consumergroup_lag{consumergroup!="orders"}) > 500"#, nil, .untied),
    ([:], #"max by (consumergroup) (kafka_consumergroup_members) < 2"#, nil, .untied),
    // the runbook that answers it
    ([:], #"up{job="crm-events"} == 0"#, "crm-events-sse", .tied(by: "runbook")),
    ([:], #"up{job="crm-events"} == 0"#, "orders", .otherGroup),
    ([:], #"up{job="crm-events-sink"} == 0"#, nil, .untied),
    ([:], nil, nil, .untied),
  ] as [([String: String], String?, String?, AlertScope)])
  func scope(labels: [String: String], query: String?, runbookGroup: String?, expected: AlertScope) {
    #expect(
      AlertScope.of(labels: labels, query: query, runbookGroup: runbookGroup, group: "crm-events-sse") == expected)
  }

  @Test func selectorsAreReadAsPromQLWritesThem() {
    let q = #"a{consumergroup="x\"y", group=~'g.+'} and b{groupx="no", consumergroup!="z"} or c{consumergroup=`raw\d`}"#
    #expect(
      AlertScope.groupSelectors(in: q) == [
        .init(op: "=", value: #"x"y"#), .init(op: "=~", value: "g.+"), .init(op: "=", value: #"raw\d"#),
      ])
  }
}
